/**
 * Accounting of the bytes a transfer moves: a pass-through stream that
 * counts into the transfer's stats and enforces a hard --max-transfer.
 */
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { FsError } from "../fs/errors.js";
import type { Stats, TransferAccount } from "./stats.js";

/** Marks a stream whose bytes' hashes are known once it ends (see hashesOfStream). */
export const STREAM_HASHES = Symbol("tclone.streamHashes");

/**
 * Marks a stream that is nothing but one buffer already in memory (a small
 * file read whole): consumers may take the buffer instead of reading the
 * stream, which saves the stream machinery per file.
 */
export const STREAM_BUFFER = Symbol("tclone.streamBuffer");

/** A stream that can tell the hashes of the bytes it delivered, once it has ended. */
export interface HashedStream {
  [STREAM_HASHES]?: () => Map<string, string> | undefined;
  [STREAM_BUFFER]?: Buffer;
}

/** The whole content of an in-memory stream, if it is one (and nothing has been read from it). */
export function bufferOfStream(s: Readable): Buffer | undefined {
  return (s as Readable & HashedStream)[STREAM_BUFFER];
}

/** True if the stream's producer computes the hashes of what it delivers. */
export function streamHasHashes(s: Readable): boolean {
  return typeof (s as Readable & HashedStream)[STREAM_HASHES] === "function";
}

/** The hashes of what a stream delivered, if its producer computed them. */
export function hashesOfStream(s: Readable): Map<string, string> | undefined {
  return (s as Readable & HashedStream)[STREAM_HASHES]?.();
}

export function maxTransferError(hard: boolean): FsError {
  return new FsError("maxTransferLimitReached", undefined, hard ? { fatal: true } : { noRetry: true });
}

class AccountingStream extends Transform {
  constructor(
    private readonly acc: TransferAccount,
    private readonly stats: Stats,
    private readonly hardLimit: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    // A hard limit stops the transfer that would cross it, as rclone cuts a read that goes over.
    if (this.hardLimit >= 0 && this.stats.bytes + chunk.length > this.hardLimit) {
      this.stats.maxTransferHit = true;
      cb(maxTransferError(true));
      return;
    }
    this.acc.add(chunk.length);
    cb(null, chunk);
  }
}

/**
 * Wraps a source stream so that its bytes are counted. hardLimit is the
 * --max-transfer byte count when --cutoff-mode is HARD, else -1. The hashes
 * the source computed (if any) stay readable through the wrapper.
 */
export function accountStream(src: Readable, acc: TransferAccount, stats: Stats, hardLimit: number): Readable {
  if (bufferOfStream(src) !== undefined) {
    // Already in memory: count it now and hand the same stream on.
    if (hardLimit >= 0 && stats.bytes + bufferOfStream(src)!.length > hardLimit) {
      stats.maxTransferHit = true;
      src.destroy();
      throw maxTransferError(true);
    }
    acc.add(bufferOfStream(src)!.length);
    return src;
  }
  const out = new AccountingStream(acc, stats, hardLimit);
  src.on("error", (err) => out.destroy(err));
  src.pipe(out);
  const inner = (src as Readable & HashedStream)[STREAM_HASHES];
  if (inner) (out as Readable & HashedStream)[STREAM_HASHES] = inner;
  // Closing the wrapper early (e.g. a failed upload) must release the source file.
  out.on("close", () => {
    if (!src.destroyed) src.destroy();
  });
  return out;
}
