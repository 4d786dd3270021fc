/**
 * Reading local objects: a Readable over positional reads that checks, before
 * each read, that the file has not changed since it was stat'ed (rclone's
 * "source file is being updated" guard), and that hashes what it reads when
 * asked, caching the sums on the object after a complete read.
 */
import type { FileHandle } from "node:fs/promises";
import { open, readlink } from "../../lib/fsp.js";
import { Readable, addAbortSignal } from "node:stream";
import { STREAM_HASHES, type HashedStream } from "../../accounting/stream.js";
import { FsError, noLowLevelRetryError } from "../../fs/errors.js";
import { hashBit, MultiHasher, type HashType } from "../../fs/hash.js";
import type { OpenOptions } from "../../fs/types.js";
import { fastRead } from "./fastio.js";
import type { LocalObject } from "./object.js";
import { readTime } from "./times.js";
import { formatGoDefault, isNotExist, osError, osPath } from "./util.js";

/** Bytes per read: large enough that the per-read stat costs nothing, small enough to stream. */
const CHUNK = 1024 * 1024;

/** Offset and length limit (-1 = to the end) of an open, as rclone decodes Seek and Range options. */
export function decodeOpenOptions(options: OpenOptions, size: number): { offset: number; limit: number } {
  let offset = 0;
  let limit = -1;
  if (options.seek !== undefined) offset = options.seek;
  if (options.range) {
    const { start, end } = options.range;
    if (start >= 0) {
      offset = start;
      limit = end >= 0 ? end - start + 1 : -1;
    } else {
      offset = end >= 0 ? Math.max(size - end, 0) : 0;
      limit = -1;
    }
  }
  return { offset, limit };
}

/** Streams a file from offset, at most limit bytes (-1: to EOF). */
class FileReader extends Readable {
  private pos: number;
  private remaining: number;
  private hashed = 0;

  constructor(
    private readonly fh: FileHandle,
    private readonly o: LocalObject,
    offset: number,
    limit: number,
    private readonly hasher: MultiHasher | undefined,
  ) {
    super({ highWaterMark: CHUNK });
    this.pos = offset;
    this.remaining = limit;
    // Tells a writer the hashes of everything delivered, once the whole file is read (accounting/stream.ts).
    if (hasher) (this as Readable & HashedStream)[STREAM_HASHES] = () => this.sums;
  }

  // Node calls _read again only after a push, so reads never overlap.
  override _read(): void {
    this.readChunk().catch((err: unknown) => {
      this.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  }

  /** Throws if the file's size or time differ from what the object last saw. */
  private async checkUnchanged(): Promise<void> {
    let st;
    try {
      st = await this.fh.stat({ bigint: true });
    } catch (err) {
      throw new FsError("io", `can't read status of source file while transferring: ${(err as Error).message}`, { cause: err });
    }
    const size = Number(st.size);
    if (size !== this.o.size) {
      throw noLowLevelRetryError(
        new FsError("other", `can't copy - source file is being updated (size changed from ${this.o.size} to ${size})`),
      );
    }
    const oldTime = await this.o.modTime();
    const newTime = readTime(this.o.lfs.opt.timeType, st);
    if (newTime !== oldTime) {
      throw noLowLevelRetryError(
        new FsError(
          "other",
          `can't copy - source file is being updated (mod time changed from ${formatGoDefault(oldTime)} to ${formatGoDefault(st.mtimeNs)})`,
        ),
      );
    }
  }

  private async readChunk(): Promise<void> {
    const check = !this.o.lfs.opt.noCheckUpdated;
    if (check) await this.checkUnchanged();
    if (this.remaining === 0 || (check && this.pos >= this.o.size)) {
      // The stat just confirmed the size, so this is the end without another read.
      this.finish();
      return;
    }
    let want = this.remaining >= 0 ? Math.min(this.remaining, CHUNK) : CHUNK;
    const left = this.o.size - this.pos;
    if (left > 0) want = Math.min(want, left);
    else want = Math.min(want, 64 * 1024);
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await this.fh.read(buf, 0, want, this.pos);
    if (bytesRead === 0) {
      this.finish();
      return;
    }
    const chunk = bytesRead === want ? buf : buf.subarray(0, bytesRead);
    this.pos += bytesRead;
    if (this.remaining > 0) this.remaining -= bytesRead;
    if (this.hasher) {
      this.hasher.update(chunk);
      this.hashed += bytesRead;
    }
    this.push(chunk);
  }

  private sums: Map<HashType, string> | undefined;


  private finish(): void {
    if (this.hasher && this.hashed === this.o.size) {
      this.sums = this.hasher.sums();
      this.o.setHashes(this.sums);
    }
    this.push(null);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.fh.close().then(
      () => callback(err),
      (closeErr: unknown) => callback(err ?? (closeErr as Error)),
    );
  }
}

/** The target of a translated link as the object's content. */
async function linkContent(o: LocalObject): Promise<Buffer> {
  try {
    return await readlink(osPath(o.path), { encoding: "buffer" });
  } catch (err) {
    throw osError(err, "readlink", o.path, isNotExist(err) ? "objectNotFound" : undefined);
  }
}

/** Opens an object for reading, honouring seek, range and hashes options. */
export async function openObject(o: LocalObject, options: OpenOptions = {}): Promise<Readable> {
  // A small file is read whole at once: there is nothing in flight to abort.
  const fast = await fastRead(o, options);
  if (fast) return fast;
  try {
    await o.refresh();
  } catch (err) {
    throw osError(err, "lstat", o.path, isNotExist(err) ? "objectNotFound" : undefined);
  }
  const { offset, limit: lim } = decodeOpenOptions(options, o.size);
  // Without the update check, read only what the first stat saw, so that a growing file reads consistently.
  const limit = lim < 0 && o.lfs.opt.noCheckUpdated ? o.size : lim;
  let stream: Readable;
  if (o.translatedLink) {
    const data = await linkContent(o);
    const end = limit < 0 ? data.length : Math.min(data.length, offset + limit);
    stream = Readable.from([data.subarray(Math.min(offset, data.length), end)], { objectMode: false });
  } else {
    let fh: FileHandle;
    try {
      fh = await open(osPath(o.path), "r");
    } catch (err) {
      throw osError(err, "open", o.path, isNotExist(err) ? "objectNotFound" : undefined);
    }
    const hasher = options.hashes && offset === 0 ? await MultiHasher.create(options.hashes) : undefined;
    stream = new FileReader(fh, o, offset, limit, hasher);
  }
  if (options.signal) addAbortSignal(options.signal, stream);
  return stream;
}

/** Computes one hash of an object's content by reading it. */
export async function hashObject(o: LocalObject, t: HashType): Promise<string> {
  const hasher = await MultiHasher.create(hashBit(t));
  if (o.translatedLink) {
    hasher.update(await linkContent(o));
    return hasher.sums().get(t)!;
  }
  let fh: FileHandle;
  try {
    fh = await open(osPath(o.path), "r");
  } catch (err) {
    throw osError(err, "hash: failed to open: open", o.path, isNotExist(err) ? "objectNotFound" : undefined);
  }
  try {
    const limit = o.lfs.opt.noCheckUpdated ? o.size : Infinity;
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(o.size, 1) + 1));
    let pos = 0;
    while (pos < limit) {
      const want = Math.min(buf.length, limit - pos);
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (bytesRead === 0) break;
      hasher.update(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } catch (err) {
    throw osError(err, "hash: failed to read: read", o.path);
  } finally {
    await fh.close();
  }
  return hasher.sums().get(t)!;
}
