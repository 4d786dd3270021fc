/**
 * Synchronous I/O for small files on fast file systems.
 *
 * Every asynchronous fs call in Node is a round trip through libuv's thread
 * pool, which costs tens of microseconds of CPU; a 4 KiB file copied with
 * async calls spends far more time in that machinery than in the kernel. On a
 * file system that answers in microseconds (tmpfs, a local disk with its page
 * cache) the same calls made synchronously take a few microseconds each and
 * block the event loop for no longer than that. So small files are read and
 * written with synchronous calls while the file system stays fast; the first
 * slow call (or a slow average) turns this off for the Fs for good, and
 * everything goes through the thread pool, where slow calls overlap.
 */
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type BigIntStats,
} from "node:fs";
import { mkdir } from "../../lib/fsp.js";
import { dirname } from "node:path";
import { addAbortSignal, Readable } from "node:stream";
import { bufferOfStream, hashesOfStream, STREAM_BUFFER, STREAM_HASHES, type HashedStream } from "../../accounting/stream.js";
import { FsError, noLowLevelRetryError } from "../../fs/errors.js";
import { hashTypes, MultiHasher, type HashSet, type HashType } from "../../fs/hash.js";
import type { ObjectInfo, OpenOptions, PutOptions } from "../../fs/types.js";
import { nativeError, nativeHelper } from "./native.js";
import { isRegularMode, type LocalObject } from "./object.js";
import { PackedStat } from "./stat.js";
import { libuvSeconds, readTime, type StatLike } from "./times.js";
import { errCode, formatGoDefault, isNotExist, osError, osPath, splitNs } from "./util.js";
import { nodeCrypto } from "../../lib/builtins.js";
import { nowMs } from "../../lib/clock.js";

/** Files up to this size are copied with synchronous calls. */
export const SMALL_FILE = 1024 * 1024;

/** One call slower than this (ms) marks the file system slow. */
const SLOW_CALL_MS = 100;
/** So does an average above this (ms) over at least SLOW_MIN_CALLS calls. */
const SLOW_AVERAGE_MS = 1;
const SLOW_MIN_CALLS = 32;

/** Watches how long synchronous calls take and says whether to keep making them. */
export class IoGate {
  private slow = false;
  private calls = 0;
  private total = 0;

  /** True while synchronous calls are allowed. */
  get fast(): boolean {
    return !this.slow;
  }

  /** Marks the file system slow: from now on everything is asynchronous. */
  markSlow(): void {
    this.slow = true;
  }

  /** Runs one synchronous call, timing it. */
  time<T>(fn: () => T): T {
    const t0 = nowMs();
    try {
      return fn();
    } finally {
      const dt = nowMs() - t0;
      this.calls++;
      this.total += dt;
      if (dt > SLOW_CALL_MS || (this.calls >= SLOW_MIN_CALLS && this.total / this.calls > SLOW_AVERAGE_MS)) this.slow = true;
    }
  }
}

/** Compares a fresh stat with what the object knew; throws rclone's "being updated" error if it changed. */
/** Throws rclone's "source file is being updated" when a stat no longer shows the size and time a file was listed with. */
export function checkUnchanged(o: LocalObject, st: StatLike, knownSize: number, knownTime: bigint): void {
  const size = Number(st.size);
  if (size !== knownSize) {
    throw noLowLevelRetryError(new FsError("other", `can't copy - source file is being updated (size changed from ${knownSize} to ${size})`));
  }
  const t = readTime(o.lfs.opt.timeType, st);
  if (t !== knownTime) {
    throw noLowLevelRetryError(
      new FsError("other", `can't copy - source file is being updated (mod time changed from ${formatGoDefault(knownTime)} to ${formatGoDefault(st.mtimeNs)})`),
    );
  }
}

/** A stream of one buffer, marked as such, that can tell the hashes of its bytes. */
class BufferReadable extends Readable {
  constructor(private buf: Buffer | undefined) {
    super();
  }
  override _read(): void {
    const b = this.buf;
    this.buf = undefined;
    if (b !== undefined && b.length > 0) this.push(b);
    this.push(null);
  }
}

function bufferStream(buf: Buffer, sums: Map<HashType, string> | undefined): Readable {
  const r = new BufferReadable(buf);
  const h = r as Readable & HashedStream;
  h[STREAM_BUFFER] = buf;
  if (sums) h[STREAM_HASHES] = () => sums;
  return r;
}

/** Hashes a whole buffer: one createHash per type, no async set-up for the types Node has. */
async function hashWhole(set: HashSet, buf: Buffer): Promise<Map<HashType, string>> {
  const types = hashTypes(set);
  if (types.length === 1 && NODE_HASHES.has(types[0]!)) {
    return new Map([[types[0]!, nodeCrypto().createHash(types[0]!).update(buf).digest("hex")]]);
  }
  const h = await MultiHasher.create(set);
  h.update(buf);
  return h.sums();
}

const NODE_HASHES = new Set<HashType>(["md5", "sha1", "sha256", "sha512"]);

/**
 * Reads a whole small file synchronously. Returns undefined when the fast
 * path does not apply (slow file system, big file, ranges, links): the
 * caller then streams it.
 */
export async function fastRead(o: LocalObject, options: OpenOptions): Promise<Readable | undefined> {
  const lfs = o.lfs;
  const native = nativeHelper();
  // On a fast file system the synchronous whole-file read is cheapest (a thread-pool trip costs more
  // than the syscalls); on a slow one the helper's asynchronous read keeps the event loop free.
  const useAsync = !lfs.io.fast && native?.readfileAsync !== undefined;
  const whole = useAsync || (lfs.io.fast && native?.readfile !== undefined);
  if ((!lfs.io.fast && !useAsync) || o.translatedLink || options.seek !== undefined || options.range !== undefined) return undefined;
  if (o.size > SMALL_FILE || o.size < 0) return undefined;
  const p = osPath(o.path);
  if (whole) {
    const known = o.hasInfo;
    let data: Buffer;
    let st: PackedStat;
    try {
      const max = known ? o.size : SMALL_FILE;
      const [d, a] = useAsync ? await native!.readfileAsync!(p, max) : lfs.io.time(() => native!.readfile!(p, max));
      data = d;
      st = new PackedStat(a);
    } catch (err) {
      const e = nativeError(err, o.path);
      throw osError(e, "open", o.path, isNotExist(e) ? "objectNotFound" : undefined);
    }
    if (!known) {
      if (data.length > SMALL_FILE) return undefined;
      o.applyStat(st);
    } else if (!lfs.opt.noCheckUpdated) {
      checkUnchanged(o, st, o.size, await o.modTime());
    }
    const buf = data.length > o.size ? data.subarray(0, o.size) : data;
    let sums: Map<HashType, string> | undefined;
    if (options.hashes) {
      sums = await hashWhole(options.hashes, buf);
      if (buf.length === o.size) o.setHashes(sums);
    }
    return bufferStream(buf, sums);
  }
  const hasher = options.hashes ? await MultiHasher.create(options.hashes) : undefined;
  let fd: number;
  try {
    fd = lfs.io.time(() => openSync(p, "r"));
  } catch (err) {
    throw osError(err, "open", o.path, isNotExist(err) ? "objectNotFound" : undefined);
  }
  let buf: Buffer;
  try {
    // An object from a listing knows its size and time: the read is checked against them, as rclone
    // checks against the listing. One made without a stat is stat'ed from the open file first.
    if (!o.hasInfo) {
      const st = lfs.io.time(() => fstatSync(fd, { bigint: true }));
      if (Number(st.size) > SMALL_FILE) {
        closeSync(fd);
        return undefined;
      }
      o.applyStat(st);
    }
    const size = o.size;
    const when = await o.modTime();
    // One byte more than expected shows a file that grew.
    buf = Buffer.allocUnsafe(size + 1);
    let off = 0;
    while (off < size + 1) {
      const n = lfs.io.time(() => readSync(fd, buf, off, size + 1 - off, off));
      if (n === 0) break;
      off += n;
    }
    if (!lfs.opt.noCheckUpdated) checkUnchanged(o, lfs.io.time(() => fstatSync(fd, { bigint: true })), size, when);
    buf = buf.subarray(0, Math.min(off, size));
  } catch (err) {
    closeSync(fd);
    if (err instanceof FsError) throw err;
    throw osError(err, "read", o.path);
  }
  closeSync(fd);
  let sums: Map<HashType, string> | undefined;
  if (hasher) {
    hasher.update(buf);
    sums = hasher.sums();
    if (buf.length === o.size) o.setHashes(sums);
  }
  return bufferStream(buf, sums);
}

/** Reads a stream of at most limit bytes into one buffer; undefined if it turns out longer. */
async function collectSmall(data: Readable, limit: number, signal?: AbortSignal): Promise<Buffer[] | undefined> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of data as AsyncIterable<Buffer | string>) {
    signal?.throwIfAborted();
    const b = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    n += b.length;
    parts.push(b);
    if (n > limit) return undefined;
  }
  return parts;
}

function setFdTimes(fd: number, t: bigint): void {
  const native = nativeHelper();
  if (native) {
    const { sec, nsec } = splitNs(t);
    try {
      native.futimens(fd, sec, nsec, sec, nsec);
    } catch (err) {
      throw nativeError(err);
    }
    return;
  }
  const s = libuvSeconds(t);
  futimesSync(fd, s, s);
}

/**
 * Writes a small object synchronously: data gathered in memory (it is at
 * most SMALL_FILE bytes), then open, write, set times, stat, close. Returns
 * false, having read nothing, when the fast path does not apply.
 */
export async function fastWrite(o: LocalObject, data: Readable, src: ObjectInfo, options: PutOptions): Promise<boolean> {
  const lfs = o.lfs;
  const native = nativeHelper();
  if ((!lfs.io.fast && !native?.writefileAsync) || o.translatedLink || lfs.opt.translateSymlinks || options.metadata !== undefined) return false;
  if (src.size < 0 || src.size > SMALL_FILE || lfs.opt.noSetModTime) return false;
  const whole = bufferOfStream(data);
  // Aborting destroys a stalled source, so that waiting for its data ends.
  if (whole === undefined && options.signal) addAbortSignal(options.signal, data);
  const parts = whole !== undefined ? [whole] : await collectSmall(data, SMALL_FILE, options.signal);
  if (whole !== undefined) data.destroy();
  if (!parts) {
    throw new FsError("other", `source gave more data than its size (${src.size}) said`);
  }
  const inherited = hashesOfStream(data);
  let sums: Map<HashType, string> | undefined;
  if (options.hashes) {
    const want = hashTypes(options.hashes);
    if (inherited && want.every((t) => inherited.has(t))) {
      sums = new Map(want.map((t) => [t, inherited.get(t)!]));
    } else {
      sums = await hashWhole(options.hashes, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    }
  }
  const mtime = await src.modTime();
  options.signal?.throwIfAborted();
  const p = osPath(o.path);
  o.forgetInfo();
  const useAsync = !lfs.io.fast && native?.writefileAsync !== undefined;
  if (native && (useAsync || (lfs.io.fast && native.writefile))) {
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const { sec, nsec } = splitNs(mtime);
    const write = async (): Promise<Float64Array> =>
      useAsync ? native.writefileAsync!(p, data, sec, nsec) : lfs.io.time(() => native.writefile!(p, data, sec, nsec));
    let a: Float64Array;
    try {
      try {
        a = await write();
      } catch (err) {
        if (errCode(nativeError(err)) !== "ENOENT") throw err;
        await mkdir(osPath(dirname(o.path)), { recursive: true, mode: 0o777 });
        a = await write();
      }
    } catch (err) {
      const e = nativeError(err, o.path);
      removePartial(o, p, e);
      throw osError(e, "write", o.path);
    }
    o.applyStat(new PackedStat(a));
    if (sums) o.setHashes(sums);
    return true;
  }
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC;
  let fd: number;
  try {
    fd = lfs.io.time(() => openSync(p, flags, 0o666));
  } catch (err) {
    if (errCode(err) !== "ENOENT") throw osError(err, "open", o.path);
    try {
      lfs.io.time(() => mkdirSync(osPath(dirname(o.path)), { recursive: true, mode: 0o777 }));
      fd = lfs.io.time(() => openSync(p, flags, 0o666));
    } catch (err2) {
      throw osError(err2, "open", o.path);
    }
  }
  try {
    for (const b of parts) {
      let off = 0;
      while (off < b.length) off += lfs.io.time(() => writeSync(fd, b, off, b.length - off));
    }
    setFdTimes(fd, mtime);
    o.applyStat(lfs.io.time(() => fstatSync(fd, { bigint: true })));
    closeSync(fd);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed or unusable: the unlink below is what matters
    }
    removePartial(o, p, err);
    throw osError(err, "write", o.path);
  }
  if (sums) o.setHashes(sums);
  return true;
}

/** Removes what a failed write left (rclone never leaves half a file). */
function removePartial(o: LocalObject, p: string | Buffer, err: unknown): void {
  if (errCode(err) === "ENOENT" || errCode(err) === "EACCES") return; // nothing was created
  o.lfs.ctx.log.notice(o.remote, `Removing partially written file on error: ${(err as Error).message}`);
  try {
    unlinkSync(p);
  } catch (removeErr) {
    if (errCode(removeErr) !== "ENOENT") o.lfs.ctx.log.error(o.remote, `Failed to remove partially written file: ${(removeErr as Error).message}`);
  }
}

/**
 * Renames src to dst synchronously (making dst's directory if needed).
 * Returns false when the fast path is off; throws the OS error otherwise.
 */
export async function fastRename(src: LocalObject, dst: LocalObject): Promise<boolean> {
  const lfs = dst.lfs;
  const native = nativeHelper();
  if (!lfs.io.fast && !native?.renameAsync) return false;
  if (lfs.opt.translateSymlinks || lfs.opt.followSymlinks || !src.hasInfo || !isRegularMode(src.mode)) return false;
  const d = osPath(dst.path);
  const s = osPath(src.path);
  const rename = async (): Promise<void> => {
    if (!lfs.io.fast && native?.renameAsync) {
      try {
        await native.renameAsync(s, d);
      } catch (err) {
        throw nativeError(err);
      }
    } else lfs.io.time(() => renameSync(s, d));
  };
  try {
    await rename();
  } catch (err) {
    const code = errCode(err);
    // rename(2) refuses to put a file over a directory: that is rclone's "onto non-file".
    if (code === "EISDIR" || code === "ENOTEMPTY" || code === "EEXIST") throw new FsError("other", "can't move file onto non-file");
    if (code !== "ENOENT" || !exists(s)) throw err;
    await mkdir(osPath(dirname(dst.path)), { recursive: true, mode: 0o777 });
    await rename();
  }
  // A rename keeps the inode: size, times and mode are the source's.
  dst.copyInfoFrom(src);
  return true;
}

/** True if the source of a rename still exists (so ENOENT was about the destination's directory). */
function exists(p: string | Buffer): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** lstat (or stat with -L) synchronously; undefined when the fast path is off. */
export function fastStat(o: LocalObject): StatLike | undefined {
  const lfs = o.lfs;
  if (!lfs.io.fast) return undefined;
  const p = osPath(o.path);
  const native = nativeHelper();
  if (native?.lstat) {
    let a: Float64Array | undefined;
    try {
      a = lfs.io.time(() => native.lstat!(p, lfs.opt.followSymlinks));
    } catch (err) {
      throw nativeError(err, o.path);
    }
    if (a === undefined) throw Object.assign(new Error(`lstat ${o.path}: no such file or directory`), { code: "ENOENT" });
    return new PackedStat(a);
  }
  return lfs.io.time(() => (lfs.opt.followSymlinks ? statSync(p, { bigint: true }) : lstatSync(p, { bigint: true })));
}
