/**
 * Local files (LocalObject) and directories (LocalDirectory). An object
 * keeps what the last stat said (size, time, mode) and the hashes computed
 * for that state; the hashes are dropped when the file changes under us.
 */
import { constants as fsConstants } from "node:fs";
import { lstat, readlink, stat, unlink } from "../../lib/fsp.js";
import type { Readable } from "node:stream";
import { FsError } from "../../fs/errors.js";
import { hashSetHas, type HashType } from "../../fs/hash.js";
import type { Directory, Info, Metadata, Obj, ObjectInfo, OpenOptions, PutOptions, Time } from "../../fs/types.js";
import { fastStat } from "./fastio.js";
import type { LocalFs } from "./fs.js";
import { readMetadata, writeMetadata, type MetaTarget } from "./metadata.js";
import { hashObject, openObject } from "./reader.js";
import { F_MODE, F_MTIME, F_SIZE, packedNs } from "./stat.js";
import { readTime, setTimes, type StatLike } from "./times.js";
import { isNotExist, osError, osPath } from "./util.js";
import { updateObject } from "./writer.js";
import { nowMs } from "../../lib/clock.js";

const S_IFMT = fsConstants.S_IFMT;

/** How long (ms) hashes computed while reading or writing are trusted without a new stat. */
const FRESH_MS = 5;

/** The type bits of a mode. */
export const fileType = (mode: number): number => mode & S_IFMT;
/** True for a symlink's mode. */
export const isSymlinkMode = (mode: number): boolean => fileType(mode) === fsConstants.S_IFLNK;
/** True for a directory's mode. */
export const isDirMode = (mode: number): boolean => fileType(mode) === fsConstants.S_IFDIR;
/** True for a regular file's mode. */
export const isRegularMode = (mode: number): boolean => fileType(mode) === fsConstants.S_IFREG;

/** A file (or, with -l, a symlink) in a local Fs. */
export class LocalObject implements Obj, MetaTarget {
  readonly isDir = false;
  private _size = 0;
  private _modTime: Time = 0n;
  /** st_mode of the last stat; 0 before the first. */
  mode = 0;
  private statted = false;
  private hashes: Map<HashType, string> | undefined;
  /** When the hashes were taken (nowMs()). */
  private hashedAt = 0;

  constructor(
    readonly lfs: LocalFs,
    readonly remote: string,
    /** The OS path (for a translated link: the link itself, without the suffix). */
    readonly path: string,
    /** True if this object stands for a symlink (`<name>.rclonelink` with -l). */
    readonly translatedLink: boolean,
  ) {}

  get fs(): Info {
    return this.lfs;
  }

  get size(): number {
    return this._size;
  }

  /** False for what is never transferred: symlinks without -l, pipes, sockets, devices, directories. */
  get storable(): boolean {
    if (isSymlinkMode(this.mode)) return this.lfs.opt.translateSymlinks;
    return isRegularMode(this.mode) || this.mode === 0;
  }

  async modTime(): Promise<Time> {
    return this._modTime;
  }

  knownModTime(): Time | undefined {
    return this.statted ? this._modTime : undefined;
  }

  toString(): string {
    return this.remote;
  }

  /**
   * Takes in a stat result. With no_check_updated only the first one
   * counts, so that reads stay consistent. Returns false if nothing was
   * taken. A translated link's size must then be read with readLinkSize.
   */
  applyStat(st: StatLike): boolean {
    if (this.lfs.opt.noCheckUpdated && this.statted) return false;
    this.statted = true;
    this._size = Number(st.size);
    this._modTime = readTime(this.lfs.opt.timeType, st);
    this.mode = Number(st.mode);
    return true;
  }

  /** applyStat for a regular file's entry at off in a native listing, its time being mtime. */
  applyListed(a: Float64Array, off: number): void {
    this.statted = true;
    this.mode = a[off + F_MODE]!;
    this._size = a[off + F_SIZE]!;
    this._modTime = packedNs(a, off + F_MTIME);
  }

  /** True once a stat has been taken in. */
  get hasInfo(): boolean {
    return this.statted;
  }

  /** Takes over another object's stat info and hashes (after renaming it to this one). */
  copyInfoFrom(o: LocalObject): void {
    this.statted = true;
    this._size = o._size;
    this._modTime = o._modTime;
    this.mode = o.mode;
    // The renamed object is gone: its hashes can simply move.
    this.hashes = o.hashes;
    this.hashedAt = o.hashedAt;
  }

  /** Sets a translated link's size from its target: stat's size of a link is wrong on some systems. */
  async readLinkSize(): Promise<void> {
    try {
      this._size = (await readlink(osPath(this.path), { encoding: "buffer" })).length;
    } catch (err) {
      this.lfs.ctx.log.error(this.remote, `Failed to read link size: ${osError(err, "readlink", this.path).message}`);
    }
  }

  /** Takes in a stat result, reading a translated link's size. */
  async setInfo(st: StatLike): Promise<void> {
    if (this.applyStat(st) && this.translatedLink) await this.readLinkSize();
  }

  /** Stats the file again (lstat, or stat with -L). Throws the OS error. */
  async refresh(): Promise<void> {
    const quick = fastStat(this);
    if (quick) return this.setInfo(quick);
    const p = osPath(this.path);
    const st = this.lfs.opt.followSymlinks ? await stat(p, { bigint: true }) : await lstat(p, { bigint: true });
    await this.setInfo(st);
  }

  /** The cached hash, if it is still valid. */
  cachedHash(t: HashType): string | undefined {
    return this.hashes?.get(t);
  }

  /** Remembers hashes of the current content. The map is kept as it is: callers no longer change it. */
  setHashes(sums: Map<HashType, string>): void {
    this.hashedAt = nowMs();
    // Maps are never changed once held, so one can be shared (a copy's source and destination
    // take the same sums); adding to existing hashes makes a new one.
    if (!this.hashes) this.hashes = sums;
    else {
      const merged = new Map(this.hashes);
      for (const [k, v] of sums) merged.set(k, v);
      this.hashes = merged;
    }
  }

  clearHashes(): void {
    this.hashes = undefined;
  }

  /** Forgets everything known about the content, before it is rewritten. */
  forgetInfo(): void {
    this.hashes = undefined;
    // no_check_updated freezes the first stat; new content needs a new first stat.
    this.statted = false;
  }

  /**
   * Hashes taken from a read or write that just ended, with the file's state
   * checked at its end, need no new stat (the copy's verify asks for them at
   * once); older ones are checked first (hash()).
   */
  knownHash(t: HashType): string | undefined {
    const fresh = this.hashes?.get(t);
    return fresh !== undefined && nowMs() - this.hashedAt < FRESH_MS && hashSetHas(this.lfs.hashes(), t) ? fresh : undefined;
  }

  async hash(t: HashType): Promise<string> {
    if (!hashSetHas(this.lfs.hashes(), t)) throw new FsError("hashUnsupported");
    const fresh = this.knownHash(t);
    if (fresh !== undefined) return fresh;
    const oldTime = this._modTime;
    const oldSize = this._size;
    let changed: boolean;
    try {
      await this.refresh();
      changed = this._modTime !== oldTime || this._size !== oldSize;
    } catch (err) {
      // A vanished file: let the open below report it.
      if (!isNotExist(err)) throw osError(err, "hash: failed to stat: lstat", this.path);
      changed = true;
    }
    const cached = this.hashes?.get(t);
    if (!changed && cached !== undefined) return cached;
    if (changed) this.hashes = undefined;
    const value = await hashObject(this, t);
    this.setHashes(new Map([[t, value]]));
    return value;
  }

  async setModTime(t: Time): Promise<void> {
    if (this.lfs.opt.noSetModTime) return;
    try {
      await setTimes(osPath(this.path), t, t, this.translatedLink);
    } catch (err) {
      throw osError(err, this.translatedLink ? "lchtimes" : "chtimes", this.path);
    }
    try {
      await this.refresh();
    } catch (err) {
      throw osError(err, "lstat", this.path);
    }
  }

  open(options?: OpenOptions): Promise<Readable> {
    return openObject(this, options);
  }

  update(data: Readable, src: ObjectInfo, options?: PutOptions): Promise<void> {
    return updateObject(this, data, src, options);
  }

  async remove(): Promise<void> {
    this.clearHashes();
    try {
      await unlink(osPath(this.path));
    } catch (err) {
      throw osError(err, "remove", this.path, isNotExist(err) ? "objectNotFound" : undefined);
    }
  }

  metadata(): Promise<Metadata | undefined> {
    return readMetadata(this);
  }

  /** Writes metadata (system keys and, where xattrs work, user keys) and re-reads the file's info. */
  async setMetadata(m: Metadata): Promise<void> {
    try {
      await writeMetadata(this, m);
    } catch (err) {
      throw new FsError("other", `SetMetadata failed on Object: ${(err as Error).message}`, { cause: err });
    }
    await this.refresh();
  }
}

/** A directory in a local Fs. */
export class LocalDirectory implements Directory, MetaTarget {
  readonly isDir = true;
  readonly size = -1;
  readonly items = -1;
  readonly id = "";
  readonly translatedLink = false;
  private _modTime: Time;

  constructor(
    readonly lfs: LocalFs,
    readonly remote: string,
    readonly path: string,
    st: StatLike,
  ) {
    this._modTime = readTime(lfs.opt.timeType, st);
  }

  get fs(): Info {
    return this.lfs;
  }

  async modTime(): Promise<Time> {
    return this._modTime;
  }

  toString(): string {
    return this.remote;
  }

  metadata(): Promise<Metadata | undefined> {
    return readMetadata(this);
  }

  private async refresh(): Promise<void> {
    try {
      const st = await lstat(osPath(this.path), { bigint: true });
      this._modTime = readTime(this.lfs.opt.timeType, st);
    } catch (err) {
      throw osError(err, "lstat", this.path);
    }
  }

  /** Sets the directory's modification time. */
  async setModTime(t: Time): Promise<void> {
    if (this.lfs.opt.noSetModTime) return;
    try {
      await setTimes(osPath(this.path), t, t, false);
    } catch (err) {
      throw osError(err, "chtimes", this.path, isNotExist(err) ? "dirNotFound" : undefined);
    }
    await this.refresh();
  }

  /** Writes metadata onto the directory. */
  async setMetadata(m: Metadata): Promise<void> {
    try {
      await writeMetadata(this, m);
    } catch (err) {
      throw new FsError("other", `SetMetadata failed on Directory: ${(err as Error).message}`, { cause: err });
    }
    await this.refresh();
  }
}
