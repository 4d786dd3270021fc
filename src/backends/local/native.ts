/**
 * The optional native helper (native/utimens.c, built at install time into
 * build/Release/tclone_native.node). It gives nanosecond utimensat/futimens,
 * which libuv lacks (it truncates to microseconds), and extended attributes,
 * which Node lacks. Everything works without it, with 1µs times and no user
 * metadata. TCLONE_NO_NATIVE=1 turns it off (tests use this for the fallback).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { constants as osConstants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A path as the helper takes it: raw bytes, or a string without escaped bytes. */
export type NativePath = string | Buffer;

/** The functions the helper exports. Errors carry `errno` (a positive number) and `syscall`. */
/** The arguments of a small-file copy (copySmallAsync, ioCopy). */
export type CopySmallArgs = [
  src: NativePath,
  dst: NativePath,
  final: NativePath | null,
  size: number,
  mtimeSec: number,
  mtimeNsec: number,
  checkUpdated: boolean,
  digests: string,
];

/**
 * A small-file copy's answer: the source's packed stat, the destination's,
 * the rename's errno and whether the source had changed (see COPY_* in
 * stat.ts), then the hex digests.
 */
export type SmallCopyResult = [Float64Array, string];

export interface NativeHelper {
  utimensat(path: NativePath, atimeSec: number, atimeNsec: number, mtimeSec: number, mtimeNsec: number, noFollow: boolean): void;
  futimens(fd: number, atimeSec: number, atimeNsec: number, mtimeSec: number, mtimeNsec: number): void;
  /** Lists a directory and lstats every entry (see native/utimens.c); absent in helpers built before it existed. */
  lstatdir?(dir: NativePath, follow: boolean): [Buffer, Float64Array];
  /** lstatdir on libuv's thread pool, so that listings of several directories overlap. */
  lstatdirAsync?(dir: NativePath, follow: boolean): Promise<[Buffer, Float64Array]>;
  /** lstat (or stat) as packed numbers; undefined if the path does not exist. */
  lstat?(path: NativePath, follow: boolean): Float64Array | undefined;
  /** Reads a whole file of at most max bytes (max+1 are read to see growth) and fstats it after. */
  readfile?(path: NativePath, max: number): [Buffer, Float64Array];
  /** Creates or truncates a file, writes data, sets its times, fstats it, closes it. */
  writefile?(path: NativePath, data: Buffer, mtimeSec: number, mtimeNsec: number): Float64Array;
  /** The same four on libuv's thread pool, as promises. */
  lstatAsync?(path: NativePath, follow: boolean): Promise<Float64Array | undefined>;
  renameAsync?(from: NativePath, to: NativePath): Promise<void>;
  readfileAsync?(path: NativePath, max: number): Promise<[Buffer, Float64Array]>;
  writefileAsync?(path: NativePath, data: Buffer, mtimeSec: number, mtimeNsec: number): Promise<Float64Array>;
  /**
   * Copies a small file whole on the thread pool: checks the source still has
   * size and mtime (when checkUpdated), digests it (OpenSSL names, comma
   * separated), writes dst with that mtime, then renames dst to final when
   * given. Resolves [stats, hex digests comma separated]: stats holds the
   * source's and the destination's packed stats, the rename errno (or 0) and
   * 1 if the source changed (nothing written). Errors carry atDestination.
   * Missing when Node has no OpenSSL digests.
   */
  copySmallAsync?(...args: CopySmallArgs): Promise<SmallCopyResult>;
  /**
   * The helper's I/O thread (see native/utimens.c): start it once with the
   * callback that receives each answer, then submit jobs with an id: ioCopy
   * takes copySmallAsync's arguments, ioList lstatdir's. Answers come as
   * (id, error, a, b), a and b being the two elements of those functions'
   * results.
   */
  ioStart?(onDone: (id: number, err: Error | undefined, a: unknown, b: unknown) => void): boolean;
  ioList?(id: number, dir: NativePath, follow: boolean): void;
  ioCopy?(id: number, ...args: CopySmallArgs): void;
  /** Linux only. NUL-separated attribute names. */
  listxattr?(path: NativePath, noFollow: boolean): Buffer;
  /** Linux only. */
  getxattr?(path: NativePath, name: string, noFollow: boolean): Buffer;
  /** Linux only. */
  setxattr?(path: NativePath, name: string, value: Buffer, noFollow: boolean): void;
}

const MODULE_FILE = join("build", "Release", "tclone_native.node");

let loaded: { helper: NativeHelper | undefined } | undefined;

/** Finds the module by walking up from this file: the source tree and the bundle sit at different depths. */
function findModule(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, MODULE_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function isHelper(m: unknown): m is NativeHelper {
  if (typeof m !== "object" || m === null) return false;
  const r = m as Record<string, unknown>;
  return typeof r["utimensat"] === "function" && typeof r["futimens"] === "function";
}

/** The file the helper was loaded from (for worker threads that load it too), if it was. */
export function nativeModulePath(): string | undefined {
  return nativeHelper() ? findModule() : undefined;
}

/** The helper, or undefined if it is not built, fails to load, or is turned off. */
export function nativeHelper(): NativeHelper | undefined {
  if (loaded) return loaded.helper;
  let helper: NativeHelper | undefined;
  if (process.env["TCLONE_NO_NATIVE"] !== "1") {
    const file = findModule();
    if (file) {
      try {
        const m: unknown = createRequire(import.meta.url)(file);
        if (isHelper(m)) helper = m;
      } catch {
        // A module built for another Node ABI or platform: run without it.
        helper = undefined;
      }
    }
  }
  loaded = { helper };
  return helper;
}

/** Forgets the loaded helper so that the next call looks again (tests switch TCLONE_NO_NATIVE). */
export function resetNativeHelper(): void {
  loaded = undefined;
}

const errnoNames = new Map<number, string>();
for (const [name, num] of Object.entries(osConstants.errno)) {
  if (!errnoNames.has(num)) errnoNames.set(num, name);
}

/**
 * Turns an error thrown by the helper into one shaped like Node's own fs
 * errors (`code`, negative `errno`, `syscall`, `path`), so that callers treat
 * both the same way.
 */
export function nativeError(err: unknown, path?: string): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.errno === "number" && e.errno > 0) {
    const num = e.errno;
    e.code = errnoNames.get(num) ?? `E${num}`;
    e.errno = -num;
    if (path !== undefined) e.path = path;
  }
  return e;
}
