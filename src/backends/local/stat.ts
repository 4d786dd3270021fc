/**
 * Stat results from the native helper: packed numbers (see
 * native/utimens.c) read lazily, far cheaper than Node's BigInt stats
 * object, which allocates eighteen BigInts and four Dates per call.
 */
import { constants as fsConstants } from "node:fs";
import type { StatLike } from "./times.js";

/** Fields per entry in the native helper's lstatdir result (see native/utimens.c). */
export const NATIVE_FIELDS = 10;
/** Where an entry's fields are: mode, size, then seconds and nanoseconds of mtime, atime, ctime, then dev and errno. */
export const F_MODE = 0;
export const F_SIZE = 1;
export const F_MTIME = 2;
export const F_ATIME = 4;
export const F_CTIME = 6;
export const F_DEV = 8;
export const F_ERRNO = NATIVE_FIELDS - 1;
/** A small-file copy's stats (native.ts SmallCopyResult): after the two packed stats, the rename errno and the changed flag. */
export const COPY_DST = NATIVE_FIELDS;
export const COPY_RENAME_ERRNO = 2 * NATIVE_FIELDS;
export const COPY_CHANGED = 2 * NATIVE_FIELDS + 1;

/** A time of a packed entry (its seconds at j, nanoseconds at j + 1) in nanoseconds. */
export function packedNs(a: Float64Array, j: number): bigint {
  return BigInt(a[j]!) * 1_000_000_000n + BigInt(a[j + 1]!);
}

/** One entry of a native lstatdir result, read lazily: most entries only ever need mode, size and mtime. */
export class PackedStat implements StatLike {
  constructor(
    private readonly a: Float64Array,
    private readonly i = 0,
  ) {}
  private ns(j: number): bigint {
    return packedNs(this.a, this.i + j);
  }
  get mode(): number {
    return this.a[this.i + F_MODE]!;
  }
  get size(): number {
    return this.a[this.i + F_SIZE]!;
  }
  get mtimeNs(): bigint {
    return this.ns(F_MTIME);
  }
  get atimeNs(): bigint {
    return this.ns(F_ATIME);
  }
  get ctimeNs(): bigint {
    return this.ns(F_CTIME);
  }
  get birthtimeNs(): bigint {
    return this.mtimeNs;
  }
  get dev(): number {
    return this.a[this.i + F_DEV]!;
  }
  isDirectory(): boolean {
    return (this.mode & fsConstants.S_IFMT) === fsConstants.S_IFDIR;
  }
  isSymbolicLink(): boolean {
    return (this.mode & fsConstants.S_IFMT) === fsConstants.S_IFLNK;
  }
}

