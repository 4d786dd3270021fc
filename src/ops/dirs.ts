/**
 * Directory operations shared by the commands and the sync: make, remove,
 * and keep modification times.
 */
import { errorMessage, FsError } from "../fs/errors.js";
import { MODTIME_NOT_SUPPORTED, type Directory, type Fs, type Time } from "../fs/types.js";
import { formatGoDuration } from "../lib/units.js";
import type { OpsContext } from "./context.js";
import { skipDestructive } from "./destructive.js";

/** How a directory is named in logs: its path, or the Fs for the root. */
export function dirLogName(f: Fs, dir: string): string | Fs {
  return dir === "" ? f : dir;
}

/** Makes a directory (counted on error). */
export async function mkdir(ctx: OpsContext, f: Fs, dir: string): Promise<void> {
  const name = dirLogName(f, dir);
  if (await skipDestructive(ctx, name, "make directory")) return;
  ctx.log.info(name, "Making directory");
  try {
    await f.mkdir(dir);
  } catch (err) {
    ctx.stats.countError(err);
    throw err;
  }
}

/** Makes a directory and sets its modification time. */
export async function mkdirModTime(ctx: OpsContext, f: Fs, dir: string, t: Time): Promise<void> {
  const name = dirLogName(f, dir);
  if (await skipDestructive(ctx, name, "make directory")) return;
  await f.mkdir(dir);
  if (f.features.dirSetModTime) await f.features.dirSetModTime.call(f.features, dir, t);
  ctx.log.info(name, `Made directory with modification time ${new Date(Number(t / 1_000_000n)).toISOString()}`);
}

/** Sets a directory's modification time, if the backend can. */
export async function setDirModTime(ctx: OpsContext, f: Fs, dir: string, t: Time): Promise<void> {
  const name = dirLogName(f, dir);
  if (ctx.opt.noUpdateDirModtime) return;
  if (await skipDestructive(ctx, name, "set directory modification time")) return;
  const set = f.features.dirSetModTime;
  if (!set) throw new FsError("notImplemented", `no method to set directory modtime found for ${f.toString()}: optional feature not implemented`);
  await set.call(f.features, dir, t);
  ctx.log.info(name, "Set directory modification time (using DirSetModTime)");
}

/** Removes a directory if it is empty (counts it as a deleted directory). */
export async function tryRmdir(ctx: OpsContext, f: Fs, dir: string): Promise<void> {
  ctx.stats.deletedDirs++;
  const name = dirLogName(f, dir);
  if (await skipDestructive(ctx, name, "remove directory")) return;
  ctx.log.info(name, "Removing directory");
  await f.rmdir(dir);
}

/** Removes an empty directory, counting and logging a failure. */
export async function rmdir(ctx: OpsContext, f: Fs, dir: string): Promise<void> {
  try {
    await tryRmdir(ctx, f, dir);
  } catch (err) {
    ctx.stats.countError(err);
    ctx.log.error(dirLogName(f, dir), `Failed to rmdir: ${errorMessage(err)}`);
    throw err;
  }
}

/** rclone's DirsEqual: are two directories' modification times the same (so nothing to do)? */
export async function dirsEqual(ctx: OpsContext, src: Directory, dst: Directory | undefined, window: bigint, setModTime: boolean): Promise<boolean> {
  if (!dst) return false;
  const o = ctx.opt;
  if (o.sizeOnly || o.immutable || o.ignoreExisting || window === MODTIME_NOT_SUPPORTED) return true;
  if (o.ignoreTimes) return false;
  if (!setModTime) return true;
  const s = await src.modTime();
  const d = await dst.modTime();
  if (s === 0n || d === 0n) return false;
  const dt = d - s;
  if (dt < window && dt > -window) {
    ctx.log.debug(dst, `Directory modification time the same (differ by ${formatGoDuration(dt)}, within tolerance ${formatGoDuration(window)})`);
    return true;
  }
  if (o.update && dt >= window) {
    ctx.log.debug(dst, "Destination directory is newer than source, skipping");
    return true;
  }
  return false;
}
