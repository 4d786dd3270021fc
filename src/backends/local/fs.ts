/**
 * The local file system as an Fs: a root directory on this machine, names
 * converted with the backend's encoding at the boundary, symlinks skipped,
 * followed (-L) or translated to `.rclonelink` objects (-l).
 */
import { constants as fsConstants, type BigIntStats } from "node:fs";
import { lstat, open, rename, rmdir, stat, statfs } from "../../lib/fsp.js";
import { basename, dirname } from "node:path";
import type { Readable } from "node:stream";
import type { Context } from "../../fs/context.js";
import { FsError, IsFileError, errorMessage } from "../../fs/errors.js";
import { ALL_HASHES, hashBit, parseHashType, type HashSet } from "../../fs/hash.js";
import { hasInvalidUtf8 } from "../../fs/names.js";
import { readOptions, type ConfigMapper } from "../../fs/options.js";
import {
  MODTIME_NOT_SUPPORTED,
  disableFeatures,
  makeFeatures,
  type DirEntry,
  type ListOptions,
  type Directory,
  type Duration,
  type Features,
  type Fs,
  type Metadata,
  type Obj,
  type ObjectInfo,
  type PutOptions,
  type Time,
  type Usage,
  type WriterAt,
} from "../../fs/types.js";
import { encoderFor, type Encoder } from "../../lib/encoder.js";
import { copyLocalData } from "./copier.js";
import { fastRename, IoGate } from "./fastio.js";
import { listDir } from "./list.js";
import { writeMetadata, XattrState } from "./metadata.js";
import { isDirMode, isRegularMode, isSymlinkMode, LocalDirectory, LocalObject } from "./object.js";
import { LINK_SUFFIX, LOCAL_OPTIONS, toLocalOptions, type LocalOptions } from "./options.js";
import { cleanRootPath, localPath, mkdirAll } from "./paths.js";
import { probePrecision, setTimes, type StatLike } from "./times.js";
import { goQuote } from "../../lib/goquote.js";
import { isNotExist, isPermission, osError, osPath } from "./util.js";

/** The device of a stat result when -x/--one-file-system is on; undefined otherwise, so that all compare equal. */
export function readDevice(st: StatLike, oneFileSystem: boolean): bigint | undefined {
  return oneFileSystem ? BigInt(st.dev) : undefined;
}

/** A local file system rooted at a directory. */
export class LocalFs implements Fs {
  /** The root as Standard-encoded text, as rclone's Root() gives it. */
  readonly root: string;
  readonly features: Features;
  readonly enc: Encoder;
  readonly xattrs = new XattrState();
  /** Device of the root with -x; undefined when not restricting. */
  dev: bigint | undefined;
  /** Whether synchronous calls are still allowed (see fastio.ts). */
  readonly io = new IoGate();
  private readonly warned = new Set<string>();
  private hashSet: HashSet | undefined;

  constructor(
    readonly name: string,
    /** The root as an OS path (a string whose invalid UTF-8 bytes are lone surrogates). */
    readonly osRoot: string,
    readonly opt: LocalOptions,
    readonly ctx: Context,
  ) {
    this.enc = encoderFor(opt.encoding);
    this.root = this.enc.toStandardPath(osRoot);
    const caseInsensitive = opt.caseSensitive
      ? false
      : opt.caseInsensitive || process.platform === "win32" || process.platform === "darwin";
    const userMeta = this.xattrs.enabled;
    const features = makeFeatures(
      {
        caseInsensitive,
        canHaveEmptyDirectories: true,
        isLocal: true,
        slowHash: true,
        readMetadata: true,
        writeMetadata: true,
        readDirMetadata: true,
        writeDirMetadata: true,
        writeDirSetModTime: true,
        userDirMetadata: userMeta,
        dirModTimeUpdatesOnWrite: true,
        userMetadata: userMeta,
        filterAware: true,
        partialUploads: true,
      },
      {
        move: (src, remote) => this.move(src, remote),
        dirMove: (src, srcRemote, dstRemote) => this.dirMove(src, srcRemote, dstRemote),
        putStream: (data, src, options) => this.put(data, src, options),
        copyData: (src, remote, options) => copyLocalData(this, src, remote, options),
        about: () => this.about(),
        dirSetModTime: (dir, t) => this.dirSetModTime(dir, t),
        mkdirMetadata: (dir, metadata) => this.mkdirMetadata(dir, metadata),
        openWriterAt: (remote, size) => this.openWriterAt(remote, size),
        command: (name, args, opts) => this.command(name, args, opts),
      },
    );
    this.features = disableFeatures(features, ctx.opt.disable);
  }

  toString(): string {
    return `Local file system at ${this.root}`;
  }

  precision(): Duration {
    if (this.opt.noSetModTime) return MODTIME_NOT_SUPPORTED;
    return probePrecision();
  }

  hashes(): HashSet {
    if (this.hashSet !== undefined) return this.hashSet;
    let set = ALL_HASHES;
    if (this.opt.hashes.length > 0) {
      set = 0;
      for (const name of this.opt.hashes) {
        try {
          const t = parseHashType(name.trim());
          if (t) set |= hashBit(t);
        } catch {
          this.ctx.log.info(undefined, `Invalid token ${goQuote(name)} in hash string ${goQuote(this.opt.hashes.join(","))}`);
        }
      }
    }
    this.hashSet = set;
    return set;
  }

  /** The OS path of a remote; throws if the name would leave the root. */
  localPath(remote: string): string {
    return localPath(this.osRoot, this.enc, remote);
  }

  /** A regular file for this Fs: with -l a symlink counts as one too. */
  isRegular(mode: number): boolean {
    if (!this.opt.translateSymlinks) return isRegularMode(mode);
    return isRegularMode(mode) || isSymlinkMode(mode);
  }

  /** The Standard form of a name read from disk in dir, with a one-time notice for invalid UTF-8. */
  standardName(dir: string, name: string): string {
    const n = this.opt.utfNorm ? name.normalize("NFC") : name;
    const std = this.enc.toStandardName(n);
    if (hasInvalidUtf8(n)) {
      const remote = dir === "" ? std : `${dir}/${std}`;
      if (!this.warned.has(remote)) {
        this.warned.add(remote);
        this.ctx.log.notice(this.toString(), `Replacing invalid UTF-8 characters in ${goQuote(remote)}`);
      }
    }
    return std;
  }

  /** An object for remote, not yet stat'ed. A `.rclonelink` name with -l stands for the link without the suffix. */
  makeObject(remote: string): LocalObject {
    const p = this.localPath(remote);
    if (this.opt.translateSymlinks && remote.endsWith(LINK_SUFFIX)) {
      return new LocalObject(this, remote, p.slice(0, -LINK_SUFFIX.length), true);
    }
    return new LocalObject(this, remote, p, false);
  }

  list(dir: string, opt?: ListOptions): Promise<DirEntry[]> {
    return listDir(this, dir, opt?.include);
  }

  async newObject(remote: string): Promise<Obj> {
    const o = this.makeObject(remote);
    try {
      await o.refresh();
    } catch (err) {
      if (isNotExist(err)) throw new FsError("objectNotFound");
      if (isPermission(err)) throw new FsError("permissionDenied", undefined, { cause: err });
      throw osError(err, "lstat", o.path);
    }
    // A link named without the suffix, or a suffixed name that is not a link, is not an object with -l.
    if (this.opt.translateSymlinks && isSymlinkMode(o.mode) !== o.translatedLink) throw new FsError("objectNotFound");
    if (isDirMode(o.mode)) throw new FsError("isDir");
    return o;
  }

  async put(data: Readable, src: ObjectInfo, options?: PutOptions): Promise<Obj> {
    const o = this.makeObject(src.remote);
    await o.update(data, src, options);
    return o;
  }

  async mkdir(dir: string): Promise<void> {
    const p = this.localPath(dir);
    await mkdirAll(this.osRoot, p, this.opt.translateSymlinks);
    if (dir === "") {
      try {
        const st = await (this.opt.followSymlinks ? stat : lstat)(osPath(p), { bigint: true });
        this.dev = readDevice(st, this.opt.oneFileSystem);
      } catch (err) {
        throw osError(err, "lstat", p);
      }
    }
  }

  async rmdir(dir: string): Promise<void> {
    const p = this.localPath(dir);
    let st: BigIntStats;
    try {
      st = await stat(osPath(p), { bigint: true });
    } catch (err) {
      throw osError(err, "stat", p, isNotExist(err) ? "dirNotFound" : undefined);
    }
    if (!st.isDirectory()) throw new FsError("isFile");
    try {
      await rmdir(osPath(p));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw osError(err, "remove", p, code === "ENOTEMPTY" || code === "EEXIST" ? "directoryNotEmpty" : undefined);
    }
  }

  /** Renames an object of a local Fs; cantMove (so the caller copies) when the OS cannot, e.g. across devices. */
  async move(src: Obj, remote: string): Promise<Obj> {
    if (!(src instanceof LocalObject)) {
      this.ctx.log.debug(src.toString(), "Can't move - not same remote type");
      throw new FsError("cantMove");
    }
    const dst = this.makeObject(remote);
    try {
      if (await fastRename(src, dst)) return dst;
    } catch (err) {
      if (isNotExist(err) || isPermission(err)) throw osError(err, "rename", src.path);
      if (err instanceof FsError) throw err;
      this.ctx.log.debug(src.toString(), `Can't move: ${errorMessage(err)}: trying copy`);
      throw new FsError("cantMove", undefined, { cause: err });
    }
    try {
      await dst.refresh();
      if (!this.isRegular(dst.mode)) throw new FsError("other", "can't move file onto non-file");
    } catch (err) {
      if (!isNotExist(err)) throw err instanceof FsError ? err : osError(err, "lstat", dst.path);
    }
    await mkdirAll(this.osRoot, dirname(dst.path), this.opt.translateSymlinks);
    try {
      await rename(osPath(src.path), osPath(dst.path));
    } catch (err) {
      if (isNotExist(err) || isPermission(err)) throw osError(err, "rename", src.path);
      this.ctx.log.debug(src.toString(), `Can't move: ${errorMessage(err)}: trying copy`);
      throw new FsError("cantMove", undefined, { cause: err });
    }
    try {
      await dst.refresh();
    } catch (err) {
      throw osError(err, "lstat", dst.path);
    }
    return dst;
  }

  /** Renames a directory; dirExists if the destination exists, cantDirMove when the OS cannot. */
  async dirMove(src: Fs, srcRemote: string, dstRemote: string): Promise<void> {
    if (!(src instanceof LocalFs)) {
      this.ctx.log.debug(src.toString(), "Can't move directory - not same remote type");
      throw new FsError("cantDirMove");
    }
    const srcPath = src.localPath(srcRemote);
    const dstPath = this.localPath(dstRemote);
    try {
      await lstat(osPath(dstPath));
      throw new FsError("dirExists");
    } catch (err) {
      if (err instanceof FsError) throw err;
      if (!isNotExist(err)) throw new FsError("dirExists", undefined, { cause: err });
    }
    await mkdirAll(this.osRoot, dirname(dstPath), this.opt.translateSymlinks);
    try {
      await rename(osPath(srcPath), osPath(dstPath));
    } catch (err) {
      if (isNotExist(err)) throw osError(err, "rename", srcPath, "dirNotFound");
      if (isPermission(err)) throw osError(err, "rename", srcPath);
      this.ctx.log.debug(src.toString(), `Can't move dir: ${errorMessage(err)}: trying copy`);
      throw new FsError("cantDirMove", undefined, { cause: err });
    }
  }

  /** Disk usage of the file system holding the root. */
  async about(): Promise<Usage> {
    let s;
    try {
      s = await statfs(osPath(this.osRoot), { bigint: true });
    } catch (err) {
      if (isNotExist(err)) throw new FsError("dirNotFound");
      throw osError(err, "failed to read disk usage: statfs", this.osRoot);
    }
    return {
      total: Number(s.bsize * s.blocks),
      used: Number(s.bsize * (s.blocks - s.bfree)),
      free: Number(s.bsize * s.bavail),
    };
  }

  async dirSetModTime(dir: string, t: Time): Promise<void> {
    if (this.opt.noSetModTime) return;
    const p = this.localPath(dir);
    try {
      await setTimes(osPath(p), t, t, false);
    } catch (err) {
      throw osError(err, "chtimes", p, isNotExist(err) ? "dirNotFound" : undefined);
    }
  }

  /** Makes dir if needed and applies metadata to it. */
  async mkdirMetadata(dir: string, metadata: Metadata): Promise<Directory> {
    const p = this.localPath(dir);
    const statDir = (): Promise<BigIntStats> => (this.opt.followSymlinks ? stat : lstat)(osPath(p), { bigint: true });
    let st: BigIntStats;
    try {
      st = await statDir();
    } catch (err) {
      if (!isNotExist(err)) throw osError(err, "lstat", p);
      try {
        await this.mkdir(dir);
      } catch (mkErr) {
        throw new FsError("other", `mkdir metadata: failed make directory: ${errorMessage(mkErr)}`, { cause: mkErr });
      }
      st = await statDir();
    }
    let d = new LocalDirectory(this, dir, p, st);
    try {
      await writeMetadata(d, metadata);
    } catch (err) {
      throw new FsError("other", `failed to set metadata on directory: ${errorMessage(err)}`, { cause: err });
    }
    d = new LocalDirectory(this, dir, p, await statDir());
    return d;
  }

  /** A random-access writer for multi-thread downloads; truncates any existing file. */
  async openWriterAt(remote: string, _size: number): Promise<WriterAt> {
    const o = this.makeObject(remote);
    if (o.translatedLink) throw new FsError("other", "can't open a symlink for random writing");
    await mkdirAll(this.osRoot, dirname(o.path), this.opt.translateSymlinks);
    const fh = await open(osPath(o.path), fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC, 0o666).catch(
      (err: unknown) => {
        throw osError(err, "open", o.path);
      },
    );
    return {
      async writeAt(data: Uint8Array, offset: number): Promise<void> {
        let done = 0;
        while (done < data.length) {
          const { bytesWritten } = await fh.write(data, done, data.length - done, offset + done);
          if (bytesWritten === 0) throw new FsError("io", "write made no progress");
          done += bytesWritten;
        }
      },
      close: () => fh.close(),
    };
  }

  /** Backend commands: only `noop`, for testing the command machinery. */
  async command(name: string, args: string[], opts: Record<string, string>): Promise<unknown> {
    if (name !== "noop") throw new FsError("commandNotFound");
    if ("error" in opts) throw new FsError("other", opts["error"] || "unspecified error");
    if ("echo" in opts) return { name, arg: args, opt: opts };
    return null;
  }
}

/** Makes a local Fs (the registry's factory). Throws IsFileError with the parent's Fs when root is a file. */
export async function newLocalFs(name: string, root: string, config: ConfigMapper, ctx: Context): Promise<Fs> {
  const opt = toLocalOptions(readOptions(LOCAL_OPTIONS, config));
  if (ctx.opt.links) opt.translateSymlinks = true;
  if (opt.translateSymlinks && opt.followSymlinks) {
    throw new FsError("usage", "can't use -l/--links with -L/--copy-links");
  }
  const osRoot = cleanRootPath(root, encoderFor(opt.encoding));
  const statRoot = (p: string): Promise<BigIntStats> => (opt.followSymlinks ? stat : lstat)(osPath(p), { bigint: true });
  let st: BigIntStats | undefined;
  let statErr: unknown;
  try {
    st = await statRoot(osRoot);
  } catch (err) {
    statErr = err;
  }
  const hasLinkSuffix = osRoot.endsWith(LINK_SUFFIX);
  if (!st && hasLinkSuffix && opt.translateSymlinks && isNotExist(statErr)) {
    st = await statRoot(osRoot.slice(0, -LINK_SUFFIX.length)).catch(() => undefined);
  }
  const isRegular = (mode: number): boolean =>
    opt.translateSymlinks ? isRegularMode(mode) || isSymlinkMode(mode) : isRegularMode(mode);
  if (st && isRegular(Number(st.mode))) {
    if (!hasLinkSuffix && opt.translateSymlinks && isSymlinkMode(Number(st.mode))) {
      throw new FsError("usage", `need "${LINK_SUFFIX}" suffix to refer to symlink when using -l/--links`);
    }
    const parent = new LocalFs(name, dirname(osRoot), opt, ctx);
    const pst = await statRoot(parent.osRoot).catch(() => undefined);
    if (pst) parent.dev = readDevice(pst, opt.oneFileSystem);
    throw new IsFileError(parent, parent.enc.toStandardName(basename(osRoot)));
  }
  const f = new LocalFs(name, osRoot, opt, ctx);
  if (st) f.dev = readDevice(st, opt.oneFileSystem);
  return f;
}
