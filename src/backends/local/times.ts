/**
 * Setting and reading file times at the best precision available, and the
 * precision probe.
 *
 * With the native helper times are set to the nanosecond. Without it they go
 * through libuv, which takes float seconds and truncates to microseconds; we
 * then floor to the microsecond ourselves and nudge the float by half a
 * microsecond so that float rounding can never land on the microsecond below.
 */
import { closeSync, openSync, statSync, unlinkSync, utimesSync, type BigIntStats } from "node:fs";
import { lutimes, utimes } from "../../lib/fsp.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SECOND, type Duration } from "../../fs/types.js";
import { nativeError, nativeHelper } from "./native.js";
import type { TimeType } from "./options.js";
import { splitNs, type OsPath } from "./util.js";

/** The float seconds libuv needs to arrive at floor(t to µs) exactly. */
export function libuvSeconds(t: bigint): number {
  const us = t >= 0n ? t / 1000n : -((-t + 999n) / 1000n);
  const sec = Number(us / 1_000_000n);
  const frac = Number(us % 1_000_000n);
  const value = sec + frac / 1e6;
  // libuv truncates towards zero, so bias away from zero.
  return value + (value < 0 ? -0.5e-6 : 0.5e-6);
}

/**
 * The time argument for fs.utimes: Node replaces a negative number with
 * "now", but takes a numeric string as it is, so times before 1970 go as
 * strings.
 */
function libuvTime(t: bigint): number | string {
  const s = libuvSeconds(t);
  return s < 0 ? String(s) : s;
}

/** Sets atime and mtime of a path; noFollow sets those of a symlink itself. */
export async function setTimes(path: OsPath, atime: bigint, mtime: bigint, noFollow: boolean): Promise<void> {
  const native = nativeHelper();
  if (native) {
    const a = splitNs(atime);
    const m = splitNs(mtime);
    try {
      native.utimensat(path, a.sec, a.nsec, m.sec, m.nsec, noFollow);
    } catch (err) {
      throw nativeError(err, path.toString());
    }
    return;
  }
  if (noFollow) await lutimes(path, libuvTime(atime), libuvTime(mtime));
  else await utimes(path, libuvTime(atime), libuvTime(mtime));
}

/**
 * What the backend needs of a stat result: Node's BigIntStats has it, and so
 * has the lighter record made from the native helper's batched listing.
 */
export interface StatLike {
  readonly mode: bigint | number;
  readonly size: bigint | number;
  readonly dev: bigint | number;
  readonly atimeNs: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly birthtimeNs: bigint;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** Reads the time that time_type selects. Linux has no settable btime, so like rclone it reports mtime there. */
export function readTime(timeType: TimeType, st: StatLike): bigint {
  switch (timeType) {
    case "atime":
      return st.atimeNs;
    case "ctime":
      return process.platform === "win32" ? st.mtimeNs : st.ctimeNs;
    case "btime":
      return process.platform === "linux" ? st.mtimeNs : st.birthtimeNs;
    default:
      return st.mtimeNs;
  }
}

let probed: { native: boolean; precision: Duration } | undefined;

/**
 * Finds the smallest step of modification time that survives a set and a
 * read back (1ns, 10ns, … up to 100ms), as rclone does, on a temporary file.
 * 1s if nothing smaller works. The answer only depends on the helper being
 * loaded (and the temp file system), so it is computed once per process.
 */
export function probePrecision(): Duration {
  const native = nativeHelper() !== undefined;
  if (probed && probed.native === native) return probed.precision;
  let precision = SECOND;
  // One file, no directory: the probe runs in every process that makes a local Fs.
  const file = join(tmpdir(), `tclone-precision-${process.pid}-${Date.now()}`);
  let made = false;
  try {
    closeSync(openSync(file, "wx"));
    made = true;
    const now = BigInt(Math.floor(Date.now() / 1000)) * SECOND;
    for (let d = 1n; d < SECOND; d *= 10n) {
      const t = now + d;
      setTimesSync(file, t);
      if (statSync(file, { bigint: true }).mtimeNs === t) {
        precision = d;
        break;
      }
    }
  } catch {
    precision = SECOND;
  } finally {
    if (made) {
      try {
        unlinkSync(file);
      } catch {
        // Removed by someone else: nothing left to clean.
      }
    }
  }
  probed = { native, precision };
  return precision;
}

function setTimesSync(path: string, t: bigint): void {
  const native = nativeHelper();
  if (native) {
    const { sec, nsec } = splitNs(t);
    native.utimensat(path, sec, nsec, sec, nsec, false);
  } else {
    utimesSync(path, libuvTime(t), libuvTime(t));
  }
}
