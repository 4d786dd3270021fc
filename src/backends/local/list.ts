/**
 * Listing a local directory: read the names as raw bytes, lstat every entry,
 * then turn each into a directory or an object. Entries that vanish
 * meanwhile are skipped; entries that cannot be stat'ed are reported and
 * skipped, as rclone does.
 *
 * The lstat calls dominate on wide directories. Through libuv's thread pool
 * each one costs several times the syscall itself, so on a fast file system
 * they are made synchronously in slices of a few milliseconds, yielding to
 * the event loop between slices. Once the calls prove slow (a network or
 * FUSE file system) the rest go through the thread pool with bounded
 * concurrency, and so does every later listing of that Fs.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { constants as fsConstants, lstat as lstatCallback, lstatSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { readdir, stat } from "../../lib/fsp.js";
import { FsError, errorMessage } from "../../fs/errors.js";
import { decodeName, encodeName, markOrdered } from "../../fs/names.js";
import type { DirEntry } from "../../fs/types.js";
import type { LocalFs } from "./fs.js";
import { readDevice } from "./fs.js";
import { fileType, isRegularMode, isSymlinkMode, LocalDirectory, LocalObject } from "./object.js";
import { LINK_SUFFIX } from "./options.js";
import { ioThread } from "./iothread.js";
import { nativeError, nativeHelper } from "./native.js";
import { F_ERRNO, F_MODE, NATIVE_FIELDS, PackedStat } from "./stat.js";
import type { StatLike } from "./times.js";
import { errCode, isNotExist, isPermission, osError, osPath, type OsPath } from "./util.js";
import { nowMs } from "../../lib/clock.js";

/** Thread-pool lstat calls in flight per listing once a file system proved slow. */
const STAT_CONCURRENCY = 64;
/** Longest stretch of synchronous lstat calls before yielding to the event loop. */
const SLICE_MS = 4;
/**
 * A file system is slow if one synchronous lstat takes longer than this, or
 * if they average more than SLOW_AVERAGE_MS over at least SLOW_MIN_CALLS.
 * (A single call of a few milliseconds is just the thread being preempted.)
 */
const SLOW_CALL_MS = 100;
const SLOW_AVERAGE_MS = 1;
const SLOW_MIN_CALLS = 32;

const SPECIAL = new Set([fsConstants.S_IFIFO, fsConstants.S_IFSOCK, fsConstants.S_IFCHR, fsConstants.S_IFBLK]);

/** What an lstat gave: the stats, undefined for a vanished entry, or the error. */
type StatResult = StatLike | undefined | { error: unknown };

/** A directory read by the native helper, in byte order of the names. */
interface NativeListing {
  names: string[];
  /** True when every name is printable ASCII: no encoding, normalisation or invalid UTF-8 to mind. */
  plain: boolean;
  /** The entries' fields (see stat.ts). */
  packed: Float64Array;
  stat(k: number): StatResult;
}

/** Characters that make an ASCII name other than plain (NUL separates the names). */
const CONTROL = /[\x01-\x1f\x7f]/;

/**
 * Reads and stats a whole directory in one native call, when the helper is
 * there and the file system is fast. Returns undefined to fall back.
 */
async function nativeList(lfs: LocalFs, dirOs: OsPath): Promise<NativeListing | undefined> {
  const native = nativeHelper();
  if (!native?.lstatdir || !lfs.io.fast) return undefined;
  let res: [Buffer, Float64Array];
  // Off the main thread when the helper can: on its I/O thread (no thread
  // wake-up per listing) or else libuv's pool. The march lists source and
  // destination, and several directories of each, at once.
  const io = ioThread();
  const pooled = io !== undefined || native.lstatdirAsync !== undefined;
  const t0 = pooled ? 0 : nowMs();
  try {
    res = io ? await io.list(dirOs, false) : pooled ? await native.lstatdirAsync!(dirOs, false) : native.lstatdir(dirOs, false);
  } catch (err) {
    throw nativeError(err, typeof dirOs === "string" ? dirOs : decodeName(dirOs));
  }
  const [packed, a] = res;
  const n = a.length / NATIVE_FIELDS;
  // A directory that took over a millisecond an entry to read is on a slow file system.
  // Only a call made here says so: a pooled one's time includes its wait for a free
  // thread, which a busy first sync makes long on the fastest disk (the file calls'
  // own timing, in fastio.ts, still catches a slow one).
  if (!pooled && nowMs() - t0 > Math.max(100, n)) lfs.io.markSlow();
  // Names are NUL-terminated. Valid UTF-8 (nearly always) is decoded in one
  // go; otherwise each name is decoded on its own, keeping its odd bytes.
  let names: string[];
  let plain = false;
  if (isUtf8(packed)) {
    const all = n === 0 ? "" : packed.toString("utf8", 0, packed.length - 1);
    names = n === 0 ? [] : all.split("\0");
    plain = isAscii(packed) && !CONTROL.test(all);
  } else {
    names = new Array<string>(n);
    let start = 0;
    for (let k = 0; k < n; k++) {
      const end = packed.indexOf(0, start);
      names[k] = decodeName(packed.subarray(start, end));
      start = end + 1;
    }
  }
  return { names, plain, packed: a, stat: (k) => packedStat(a, k) };
}

/** Entry k of a native listing as a StatResult. */
function packedStat(a: Float64Array, k: number): StatResult {
  const errno = a[k * NATIVE_FIELDS + F_ERRNO]!;
  if (errno === 0) return new PackedStat(a, k * NATIVE_FIELDS);
  if (errno === osConstants.errno.ENOENT) return undefined;
  return { error: nativeError(Object.assign(new Error(`lstat: errno ${errno}`), { errno, syscall: "lstat" })) };
}

/** lstat through the callback API, which allocates less per call than the promise API. */
function lstatAsync(p: Buffer): Promise<StatResult> {
  return new Promise((resolve) => {
    lstatCallback(p, { bigint: true }, (err, st) => {
      if (!err) resolve(st);
      else resolve(errCode(err) === "ENOENT" ? undefined : { error: err });
    });
  });
}

function lstatNow(p: Buffer): StatResult {
  try {
    return lstatSync(p, { bigint: true, throwIfNoEntry: false });
  } catch (err) {
    return { error: err };
  }
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** lstats every path, fast file systems synchronously in slices, slow ones through the pool. */
async function statAll(lfs: LocalFs, paths: Buffer[]): Promise<StatResult[]> {
  const out = new Array<StatResult>(paths.length);
  let i = 0;
  let syncTime = 0;
  while (lfs.io.fast && i < paths.length) {
    const sliceStart = nowMs();
    let now = sliceStart;
    while (i < paths.length && now - sliceStart < SLICE_MS) {
      const before = now;
      out[i] = lstatNow(paths[i]!);
      i++;
      now = nowMs();
      syncTime += now - before;
      if (now - before > SLOW_CALL_MS || (i >= SLOW_MIN_CALLS && syncTime / i > SLOW_AVERAGE_MS)) {
        lfs.io.markSlow();
        break;
      }
    }
    await yieldToLoop();
  }
  let next = i;
  const worker = async (): Promise<void> => {
    for (;;) {
      const j = next++;
      if (j >= paths.length) return;
      out[j] = await lstatAsync(paths[j]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, paths.length - i) }, worker));
  return out;
}

/** The byte paths of a directory's entries. */
function childPaths(dirPath: string, names: Buffer[]): Buffer[] {
  const dirBytes = encodeName(dirPath);
  const prefix = dirBytes[dirBytes.length - 1] === 0x2f ? dirBytes : Buffer.concat([dirBytes, Buffer.of(0x2f)]);
  return names.map((n) => Buffer.concat([prefix, n]));
}

/**
 * Lists one directory of a local Fs. Objects that include rejects are
 * dropped before anything is logged about them, as rclone's filter-aware
 * local listing does (a single-file source lists no symlink notices).
 */
export async function listDir(lfs: LocalFs, dir: string, include?: (remote: string) => boolean): Promise<DirEntry[]> {
  const dirPath = lfs.localPath(dir);
  const dirOs = osPath(dirPath);
  let fast: NativeListing | undefined;
  try {
    fast = await nativeList(lfs, dirOs);
  } catch (err) {
    // Not there, or not a directory: as rclone, "directory not found"; anything else falls back to report it properly.
    const code = errCode(err);
    if (code === "ENOENT" || code === "ENOTDIR") throw new FsError("dirNotFound");
    fast = undefined;
  }
  if (!fast) {
    try {
      await stat(dirOs);
    } catch {
      throw new FsError("dirNotFound");
    }
  }
  let raw: Buffer[] = [];
  try {
    if (!fast) raw = await readdir(dirOs, { encoding: "buffer" });
  } catch (err) {
    if (isPermission(err)) {
      const e = osError(err, `failed to open directory "${dir}": open`, dirPath);
      lfs.ctx.log.error(dir, e.message);
      // A listing that silently came back empty could make a sync delete; fail it instead.
      e.noRetry = true;
      throw e;
    }
    throw osError(err, "failed to read directory entry: readdirent", dirPath);
  }
  const dirPrefix = dirPath.endsWith("/") ? dirPath : dirPath + "/";
  const paths = fast ? [] : childPaths(dirPath, raw);
  const names = fast ? fast.names : raw.map(decodeName);
  const stats = fast ? undefined : await statAll(lfs, paths);
  const opt = lfs.opt;
  const out: DirEntry[] = [];
  const plain = fast?.plain ?? false;
  // The native listing is in byte order; the entries stay in it while no name changes.
  let ordered = fast !== undefined && !opt.translateSymlinks;
  // Plain names of regular files, with no option that changes them, take the short way.
  const packed = plain && !opt.translateSymlinks && !opt.utfNorm && opt.timeType === "mtime" ? fast?.packed : undefined;
  for (let i = 0; i < names.length; i++) {
    if (packed !== undefined) {
      const off = i * NATIVE_FIELDS;
      if (packed[off + F_ERRNO] === 0 && isRegularMode(packed[off + F_MODE]!)) {
        const name = names[i]!;
        const remote = dir === "" ? name : `${dir}/${name}`;
        if (include !== undefined && !include(remote)) continue;
        const o = new LocalObject(lfs, remote, dirPrefix + name, false);
        o.applyListed(packed, off);
        out.push(o);
        continue;
      }
    }
    let st = fast ? fast.stat(i) : stats![i];
    if (st === undefined) continue; // removed while we listed
    const name = names[i]!;
    const childPath = dirPrefix + name;
    if ("error" in st) {
      lfs.ctx.log.error(dir, `failed to get info about directory entry "${childPath}": ${errorMessage(st.error)}`);
      continue;
    }
    // Printable ASCII is the same in every encoding and normal form.
    const std = plain ? name : lfs.standardName(dir, name);
    if (std !== name) ordered = false;
    let remote = dir === "" ? std : `${dir}/${std}`;
    if (include !== undefined && !st.isDirectory() && !include(remote)) continue;
    if (opt.followSymlinks && st.isSymbolicLink()) {
      try {
        st = await stat(osPath(childPath), { bigint: true });
      } catch (err) {
        if (isNotExist(err) || errCode(err) === "ELOOP") {
          lfs.ctx.log.error(remote, `Listing error: symlink: ${osError(err, "stat", childPath).message}`);
          continue;
        }
        throw osError(err, "stat", childPath);
      }
    }
    if (st.isDirectory()) {
      if (lfs.dev === readDevice(st, opt.oneFileSystem)) out.push(new LocalDirectory(lfs, remote, childPath, st));
      continue;
    }
    const mode = Number(st.mode);
    if (isSymlinkMode(mode) && !opt.translateSymlinks) {
      if (!opt.skipSymlinks) lfs.ctx.log.notice(remote, "Can't follow symlink without -L/--copy-links");
      continue;
    }
    if (SPECIAL.has(fileType(mode))) {
      if (!opt.skipSpecials) lfs.ctx.log.notice(remote, "Can't transfer non file/directory");
      continue;
    }
    if (opt.translateSymlinks && isSymlinkMode(mode)) remote += LINK_SUFFIX;
    // The entry's own path is the object's path unless a name transformation (-l, NFC) is involved.
    const o = opt.translateSymlinks || opt.utfNorm ? lfs.makeObject(remote) : new LocalObject(lfs, remote, childPath, false);
    if (o.applyStat(st) && o.translatedLink) await o.readLinkSize();
    out.push(o);
  }
  return ordered ? markOrdered(out) : out;
}
