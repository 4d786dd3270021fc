/**
 * Writing local objects. Data is streamed to the file with back-pressure
 * (the next chunk is not pulled until the previous batch is being written),
 * hashed on the way when asked, and a failed write never leaves a
 * half-written file behind: it is removed, as rclone does. With -l a
 * `.rclonelink` object's content becomes a symlink's target instead.
 */
import { constants as fsConstants } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { open, symlink, unlink } from "../../lib/fsp.js";
import { dirname } from "node:path";
import { addAbortSignal, type Readable } from "node:stream";
import { asFsError, errorMessage, fatalError, FsError, wrapError } from "../../fs/errors.js";
import { hashesOfStream, streamHasHashes } from "../../accounting/stream.js";
import { hashTypes, MultiHasher } from "../../fs/hash.js";
import type { ObjectInfo, PutOptions } from "../../fs/types.js";
import { writeMetadata } from "./metadata.js";
import { fastWrite } from "./fastio.js";
import type { LocalObject } from "./object.js";
import { checkBeneath, mkdirAll } from "./paths.js";
import { errCode, isNotExist, osError, osPath } from "./util.js";

/** Bytes gathered before a write: large writes are what make local copies fast. */
const BATCH = 1024 * 1024;
/** A link target is a path; anything longer than this is not one. */
const MAX_LINK = 64 * 1024;

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  throw new FsError("other", `unexpected chunk of type ${typeof chunk} in upload stream`);
}

/** Writes all of bufs at position, coping with short writes. */
async function writeAll(fh: FileHandle, bufs: Buffer[], position: number): Promise<void> {
  let pending = bufs;
  let pos = position;
  while (pending.length > 0) {
    const { bytesWritten } = await fh.writev(pending, pos);
    pos += bytesWritten;
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const b of pending) {
      if (skip >= b.length) {
        skip -= b.length;
        continue;
      }
      rest.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
    if (bytesWritten === 0 && rest.length > 0) throw new FsError("io", "write made no progress");
    pending = rest;
  }
}

/**
 * Copies the stream into the file. One batch is written while the next is
 * gathered, so reading and writing overlap but memory stays at two batches.
 */
async function pump(data: Readable, fh: FileHandle, hasher: MultiHasher | undefined, signal?: AbortSignal): Promise<number> {
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let written = 0;
  let inFlight: Promise<void> | undefined;
  let writeErr: unknown;
  const flush = async (): Promise<void> => {
    if (inFlight) await inFlight;
    if (writeErr !== undefined) throw writeErr;
    if (batchBytes === 0) return;
    const bufs = batch;
    const at = written;
    written += batchBytes;
    batch = [];
    batchBytes = 0;
    // The handler is attached now, so a failure while we wait for data is never an unhandled rejection.
    inFlight = writeAll(fh, bufs, at).then(
      () => undefined,
      (err: unknown) => {
        writeErr = err;
      },
    );
  };
  try {
    for await (const chunk of data) {
      signal?.throwIfAborted();
      const buf = toBuffer(chunk);
      if (buf.length === 0) continue;
      hasher?.update(buf);
      batch.push(buf);
      batchBytes += buf.length;
      if (batchBytes >= BATCH) await flush();
    }
    signal?.throwIfAborted();
    await flush();
  } finally {
    // Never let the file be closed (or removed) under a write still in flight.
    if (inFlight) await inFlight;
  }
  if (writeErr !== undefined) throw writeErr;
  return written;
}

/** Reads a whole (small) stream: the content of a link object. */
async function collect(data: Readable, hasher: MultiHasher | undefined, signal?: AbortSignal): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of data) {
    signal?.throwIfAborted();
    const buf = toBuffer(chunk);
    n += buf.length;
    if (n > MAX_LINK) throw new FsError("other", `symlink target is too long (over ${MAX_LINK} bytes)`);
    hasher?.update(buf);
    parts.push(buf);
  }
  return Buffer.concat(parts);
}

/** Makes path a symlink to target, replacing a file or link there (never a directory). */
async function makeSymlink(o: LocalObject, target: Buffer): Promise<void> {
  const root = o.lfs.osRoot;
  await checkBeneath(root, dirname(o.path));
  try {
    await unlink(osPath(o.path));
  } catch (err) {
    if (!isNotExist(err)) throw osError(err, "remove", o.path);
  }
  try {
    await symlink(target, osPath(o.path));
  } catch (err) {
    throw osError(err, "symlink", o.path);
  }
}

/** Writes a regular file, removing it again if anything fails. */
async function writeFile(o: LocalObject, data: Readable, hasher: MultiHasher | undefined, signal?: AbortSignal): Promise<void> {
  const lfs = o.lfs;
  const guarded = lfs.opt.translateSymlinks;
  // With -l a planted link at the final name must not be written through either.
  if (guarded) await checkBeneath(lfs.osRoot, o.path);
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC;
  let fh: FileHandle;
  try {
    fh = await open(osPath(o.path), flags, 0o666);
  } catch (err) {
    throw osError(err, "open", o.path);
  }
  let failure: unknown;
  try {
    await pump(data, fh, hasher, signal);
  } catch (err) {
    failure = err;
  }
  try {
    await fh.close();
  } catch (err) {
    failure ??= err;
  }
  if (failure === undefined) return;
  // OS errors get the path; the source's own errors keep their message, as rclone reports them.
  const err = errCode(failure) !== undefined ? osError(failure, "write", o.path) : asFsError(failure);
  lfs.ctx.log.notice(o.remote, `Removing partially written file on error: ${errorMessage(err)}`);
  try {
    await unlink(osPath(o.path));
  } catch (removeErr) {
    lfs.ctx.log.error(o.remote, `Failed to remove partially written file: ${errorMessage(removeErr)}`);
  }
  throw err;
}

/** Replaces an object's content with data, then sets its time (and metadata, if given). */
export async function updateObject(o: LocalObject, data: Readable, src: ObjectInfo, options: PutOptions = {}): Promise<void> {
  try {
    await doUpdate(o, data, src, options);
  } catch (err) {
    const code = errCode(err) ?? errCode((err as Error | undefined)?.cause);
    if (o.lfs.opt.fatalIfNoSpace && (code === "ENOSPC" || code === "EDQUOT")) throw fatalError(err);
    throw err;
  }
}

async function doUpdate(o: LocalObject, data: Readable, src: ObjectInfo, options: PutOptions): Promise<void> {
  const lfs = o.lfs;
  if (await fastWrite(o, data, src, options)) return;
  // A reader that hashes what it delivers (our own, through the accounting) saves hashing it twice.
  const inherits = options.hashes !== undefined && streamHasHashes(data);
  const hasher = options.hashes && !inherits ? await MultiHasher.create(options.hashes) : undefined;
  // Aborting destroys the source, so that a stalled source does not hold the write open.
  if (options.signal) addAbortSignal(options.signal, data);
  await mkdirAll(lfs.osRoot, dirname(o.path), lfs.opt.translateSymlinks);
  o.forgetInfo();
  if (o.translatedLink) {
    // Nothing is created until the whole target is in hand, so a failure leaves nothing behind.
    await makeSymlink(o, await collect(data, hasher, options.signal));
  } else {
    await writeFile(o, data, hasher, options.signal);
  }
  if (hasher) o.setHashes(hasher.sums());
  else if (inherits) {
    const got = hashesOfStream(data);
    const want = hashTypes(options.hashes!);
    if (got && want.every((t) => got.has(t))) o.setHashes(new Map(want.map((t) => [t, got.get(t)!])));
  }
  await o.setModTime(await src.modTime());
  if (options.metadata) {
    try {
      await writeMetadata(o, options.metadata);
    } catch (err) {
      throw wrapError("failed to set metadata", err);
    }
  }
  try {
    await o.refresh();
  } catch (err) {
    throw osError(err, "lstat", o.path);
  }
}
