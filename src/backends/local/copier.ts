/**
 * Copying file data from local file to local file on other threads.
 *
 * Streaming a file through the engine costs the main (only JavaScript)
 * thread every read, write and hash; for many small files the kernel time
 * alone is more than a core's worth of work, while rclone spreads it over
 * all cores. A local destination therefore offers `copyData` (see
 * fs/types.ts): when the source is a local file too, a pool of worker
 * threads (one per core) copies the bytes with synchronous calls, hashing
 * on the way, and the engine counts, verifies and logs it as any transfer.
 * Jobs are sent in batches, one message per thread per turn of the event
 * loop. That round trip costs tens of microseconds, too much for a small
 * file (up to SMALL_FILE): those are copied whole by one native job each
 * (read, check, digest, write, set time, rename to the final name), on the
 * native I/O thread (iothread.ts) when both file systems are fast (no wake-up
 * per file) and on libuv's thread pool otherwise (more in flight for a
 * slow disk). The main thread only starts the job and takes in its answer.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { FsError, noLowLevelRetryError } from "../../fs/errors.js";
import { hashTypes, type HashSet, type HashType } from "../../fs/hash.js";
import type { CopyDataOptions, Obj } from "../../fs/types.js";
import { COPIER_THREAD_SOURCE } from "./copier-thread.js";
import { checkUnchanged, SMALL_FILE } from "./fastio.js";
import type { LocalFs } from "./fs.js";
import { ioThread } from "./iothread.js";
import { nativeError, nativeHelper, nativeModulePath, type CopySmallArgs, type SmallCopyResult } from "./native.js";
import { isRegularMode, LocalObject } from "./object.js";
import { COPY_CHANGED, COPY_DST, COPY_RENAME_ERRNO, PackedStat } from "./stat.js";
import { errCode, osError, osPath, splitNs, type OsPath } from "./util.js";
import { mkdir } from "../../lib/fsp.js";
import { dirname } from "node:path";
import { nodeWorkerThreads } from "../../lib/builtins.js";

/** Hashes the copy threads can compute (Node's own). */
const THREAD_HASHES = new Set<HashType>(["md5", "sha1", "sha256", "sha512", "crc32"]);

interface Job {
  src: OsPath;
  dst: OsPath;
  size: number;
  mtimeSec: number;
  mtimeNsec: number;
  noCheckUpdated: boolean;
  setSec: number;
  setNsec: number;
  hashes: string[];
}

interface JobResult {
  id: number;
  ok?: boolean;
  bytes?: number;
  progressed?: number;
  srcStat?: number[];
  dstStat?: number[];
  sums?: string[];
  changed?: string;
  stat?: number[];
  error?: { message: string; code?: string; errno?: number; syscall?: string; path: "src" | "dst" };
}

interface Pending {
  resolve: (r: JobResult) => void;
  progress?: (n: number) => void;
}

class Lane {
  readonly worker: Worker;
  queued: [number, Job][] = [];
  outstanding = 0;

  constructor(
    private readonly pool: CopierPool,
    nativePath: string | undefined,
  ) {
    this.worker = new (nodeWorkerThreads().Worker)(COPIER_THREAD_SOURCE, { eval: true, workerData: { nativePath } });
    this.worker.unref();
    this.worker.on("message", (m: { results?: JobResult[]; progress?: number; bytes?: number }) => this.pool.onMessage(this, m));
    this.worker.on("error", (err) => this.pool.onError(this, err));
  }
}

/** The pool of copy threads, shared by every local Fs in the process. */
export class CopierPool {
  private lanes: Lane[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly jobLane = new Map<number, Lane>();
  private flushScheduled = false;
  private broken = false;

  private static instance: CopierPool | undefined;

  /** The pool, or undefined where threads are turned off (TCLONE_NO_COPY_THREADS=1). */
  static get(): CopierPool | undefined {
    if (process.env["TCLONE_NO_COPY_THREADS"] === "1") return undefined;
    CopierPool.instance ??= new CopierPool();
    return CopierPool.instance.broken ? undefined : CopierPool.instance;
  }

  private ensureLanes(): void {
    if (this.lanes.length > 0) return;
    const n = Math.max(1, Math.min(4, availableParallelism()));
    const nativePath = nativeHelper() ? nativeModulePath() : undefined;
    for (let i = 0; i < n; i++) this.lanes.push(new Lane(this, nativePath));
  }

  /** Queues a job; the promise settles with the thread's answer. */
  run(job: Job, progress?: (n: number) => void): Promise<JobResult> {
    this.ensureLanes();
    const id = this.nextId++;
    // The least busy thread takes it; a big file gets a batch of its own.
    let lane = this.lanes[0]!;
    for (const l of this.lanes) if (l.outstanding + l.queued.length < lane.outstanding + lane.queued.length) lane = l;
    lane.queued.push([id, job]);
    this.jobLane.set(id, lane);
    return new Promise((resolve) => {
      this.pending.set(id, progress ? { resolve, progress } : { resolve });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const lane of this.lanes) {
      if (lane.queued.length === 0) continue;
      const batch = lane.queued;
      lane.queued = [];
      lane.outstanding += batch.length;
      // A busy thread keeps the process alive only while it has work.
      lane.worker.ref();
      lane.worker.postMessage(batch);
    }
  }

  /** @internal */
  onMessage(lane: Lane, m: { results?: JobResult[]; progress?: number; bytes?: number }): void {
    if (m.progress !== undefined) {
      this.pending.get(m.progress)?.progress?.(m.bytes ?? 0);
      return;
    }
    for (const r of m.results ?? []) {
      lane.outstanding--;
      this.jobLane.delete(r.id);
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      p?.resolve(r);
    }
    if (lane.outstanding === 0 && lane.queued.length === 0) lane.worker.unref();
  }

  /** @internal: a thread died; its jobs fail and the pool is not used again. */
  onError(lane: Lane, err: Error): void {
    this.broken = true;
    for (const [id, l] of this.jobLane) {
      if (l !== lane) continue;
      const p = this.pending.get(id);
      this.pending.delete(id);
      this.jobLane.delete(id);
      p?.resolve({ id, error: { message: `copy thread failed: ${err.message}`, path: "dst" } });
    }
  }
}

/**
 * The local backend's copyData: copies src (a local file) to remote in lfs
 * on a copy thread. Undefined when it doesn't apply (the caller streams).
 */
export async function copyLocalData(lfs: LocalFs, src: Obj, remote: string, options: CopyDataOptions): Promise<Obj | undefined> {
  if (!(src instanceof LocalObject) || src.translatedLink || !src.hasInfo || !isRegularMode(src.mode)) return undefined;
  if (lfs.opt.translateSymlinks || src.lfs.opt.translateSymlinks || options.metadata !== undefined || src.lfs.opt.timeType !== "mtime") return undefined;
  if (lfs.opt.noSetModTime || src.size < 0) return undefined;
  if (src.size <= SMALL_FILE) {
    const small = await copySmall(lfs, src, remote, options);
    if (small) return small;
  }
  // A message to a thread and back costs tens of microseconds: small files on a fast file system
  // are cheaper read and written on the spot (fastio.ts).
  if (src.size <= SMALL_FILE && lfs.io.fast && src.lfs.io.fast) return undefined;
  const want = options.hashes ? hashTypes(options.hashes) : [];
  if (!want.every((t) => THREAD_HASHES.has(t))) return undefined;
  const pool = CopierPool.get();
  if (!pool) return undefined;
  options.signal?.throwIfAborted();
  const dst = lfs.makeObject(remote);
  const known = splitNs(await src.modTime());
  const job: Job = {
    src: osPath(src.path),
    dst: osPath(dst.path),
    size: src.size,
    mtimeSec: known.sec,
    mtimeNsec: known.nsec,
    noCheckUpdated: src.lfs.opt.noCheckUpdated,
    setSec: known.sec,
    setNsec: known.nsec,
    hashes: want,
  };
  const r = await pool.run(job, options.progress);
  if (r.error) {
    const e = Object.assign(new Error(r.error.message), { code: r.error.code, errno: r.error.errno, syscall: r.error.syscall });
    const p = r.error.path === "src" ? src.path : dst.path;
    if (r.error.code === "ENOENT" && r.error.path === "src") throw osError(e, "open", p, "objectNotFound");
    throw osError(e, r.error.syscall ?? "copy", p);
  }
  if (r.changed !== undefined) {
    throw noLowLevelRetryError(new FsError("other", `can't copy - source file is being updated (${r.changed})`));
  }
  if (!r.ok || !r.srcStat || !r.dstStat) throw new FsError("io", "copy thread gave no answer");
  // Bytes the thread already reported as progress are counted; the rest now.
  options.progress?.((r.bytes ?? 0) - (r.progressed ?? 0));
  const sums = new Map<HashType, string>(want.map((t, i) => [t, r.sums![i]!]));
  src.applyStat(new PackedStat(Float64Array.from(r.srcStat)));
  if (src.size === r.bytes) src.setHashes(sums);
  dst.applyStat(new PackedStat(Float64Array.from(r.dstStat)));
  dst.setHashes(sums);
  return dst;
}

/** Hashes the native small-file copy computes (OpenSSL's digests, under the same names). */
const NATIVE_DIGESTS = new Set<HashType>(["md5", "sha1", "sha256", "sha512"]);

let lastDigests: { set: HashSet; digests: { types: HashType[]; names: string } | undefined } | undefined;

/** The hash types of a set and their digest names for the helper, undefined if it lacks one; the last answer is kept (every file asks). */
function nativeDigests(set: HashSet): { types: HashType[]; names: string } | undefined {
  if (lastDigests === undefined || lastDigests.set !== set) {
    const types = hashTypes(set);
    lastDigests = { set, digests: types.every((t) => NATIVE_DIGESTS.has(t)) ? { types, names: types.join(",") } : undefined };
  }
  return lastDigests.digests;
}

/**
 * Copies a small file in one native job (read, check, digest, write, set
 * time, rename to options.finalRemote) on the I/O thread or libuv's pool:
 * the main thread only starts it and takes in the result, so that many
 * small files keep two cores busy. Undefined when it doesn't apply.
 */
async function copySmall(lfs: LocalFs, src: LocalObject, remote: string, options: CopyDataOptions): Promise<Obj | undefined> {
  const native = nativeHelper();
  if (!native?.copySmallAsync || src.lfs.opt.noCheckUpdated) return undefined;
  const digests = nativeDigests(options.hashes ?? 0);
  if (digests === undefined) return undefined;
  options.signal?.throwIfAborted();
  // One object is made: the final one, or (with no final name, or if the rename fails) the written one.
  const dstPath = lfs.localPath(remote);
  const final = options.finalRemote === undefined ? undefined : lfs.makeObject(options.finalRemote);
  const mtime = src.knownModTime() ?? (await src.modTime());
  const { sec, nsec } = splitNs(mtime);
  // On a fast file system the I/O thread avoids a thread wake-up per file; on a slow one
  // the thread pool's many threads keep more requests in flight.
  const io = lfs.io.fast && src.lfs.io.fast ? ioThread() : undefined;
  const args: CopySmallArgs = [osPath(src.path), osPath(dstPath), final ? osPath(final.path) : null, src.size, sec, nsec, true, digests.names];
  const run = (): Promise<SmallCopyResult> => (io ? io.copy(args) : native.copySmallAsync!(...args));
  let r: SmallCopyResult;
  try {
    try {
      r = await run();
    } catch (err) {
      // The destination's directory is made on demand, as for any write.
      if (!(err as { atDestination?: boolean }).atDestination || errCode(nativeError(err)) !== "ENOENT") throw err;
      await mkdir(osPath(dirname(dstPath)), { recursive: true, mode: 0o777 });
      r = await run();
    }
  } catch (err) {
    const atDst = (err as { atDestination?: boolean }).atDestination === true;
    const e = nativeError(err, atDst ? dstPath : src.path);
    if (!atDst && errCode(e) === "ENOENT") throw osError(e, "open", src.path, "objectNotFound");
    throw osError(e, (e as { syscall?: string }).syscall ?? "copy", atDst ? dstPath : src.path);
  }
  const [stats, hex] = r;
  const srcSt = new PackedStat(stats);
  if (stats[COPY_CHANGED] === 1) {
    checkUnchanged(src, srcSt, src.size, mtime);
    throw noLowLevelRetryError(new FsError("other", "can't copy - source file is being updated (size changed while reading)"));
  }
  options.progress?.(src.size);
  const want = digests.types;
  const sums = new Map<HashType, string>();
  if (want.length === 1) sums.set(want[0]!, hex);
  else if (want.length > 1) hex.split(",").forEach((h, i) => sums.set(want[i]!, h));
  src.applyStat(srcSt);
  src.setHashes(sums);
  // A failed rename leaves the file under its temporary name: the caller's own rename then reports why.
  const at = final !== undefined && stats[COPY_RENAME_ERRNO] === 0 ? final : lfs.makeObject(remote);
  at.applyStat(new PackedStat(stats, COPY_DST));
  at.setHashes(sums);
  return at;
}
