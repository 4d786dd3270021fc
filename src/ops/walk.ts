/**
 * Listing helpers: one directory, filtered and sorted (rclone's list.DirSorted),
 * and a recursive walk with a pool of --checkers listers that holds only the
 * directories still to visit, never the whole tree.
 */
import { errorMessage, fsError } from "../fs/errors.js";
import { compareNames, isOrdered } from "../fs/names.js";
import type { DirEntry, Fs } from "../fs/types.js";
import type { OpsContext } from "./context.js";

/** Parent directory of a remote path ("" for top level). */
export function parentDir(remote: string): string {
  const i = remote.lastIndexOf("/");
  return i < 0 ? "" : remote.slice(0, i);
}

/** Last segment of a remote path. */
export function baseName(remote: string): string {
  return remote.slice(remote.lastIndexOf("/") + 1);
}

/** Joins a directory and a name ("" dir → name). */
export function joinRemote(dir: string, name: string): string {
  if (dir === "") return name;
  if (name === "") return dir;
  return dir + "/" + name;
}

/** True if entry is directly inside dir. */
function directlyIn(dir: string, remote: string): boolean {
  if (dir === "") return !remote.includes("/");
  return remote.length > dir.length + 1 && remote.startsWith(dir) && remote[dir.length] === "/" && !remote.includes("/", dir.length + 1);
}

/**
 * Lists one directory of f, applying the context's filter unless includeAll,
 * dropping entries that are not directly inside dir, sorted by remote
 * (bytewise, directories first on a tie). Throws dirNotFound if absent.
 */
export async function listDirSorted(ctx: OpsContext, f: Fs, includeAll: boolean, dir: string): Promise<DirEntry[]> {
  const filter = ctx.filter;
  const raw = await f.list(dir, includeAll || filter.inactive ? undefined : { include: (remote) => filter.includeRemote(remote) });
  ctx.stats.listed += raw.length;
  // A listing the backend vouches for (markOrdered) needs neither the check nor the sort.
  const ordered = isOrdered(raw);
  if (ordered && (includeAll || filter.inactive)) return raw;
  const out: DirEntry[] = [];
  const inclDir = includeAll || filter.inactive ? undefined : filter.includeDirectory(f);
  for (const e of raw) {
    if (!ordered && !directlyIn(dir, e.remote)) {
      ctx.log.error(e.remote, `Entry doesn't belong in directory "${dir}" (too short) - ignoring`);
      continue;
    }
    if (includeAll || filter.inactive) {
      out.push(e);
      continue;
    }
    if (e.isDir) {
      if (await inclDir!(e.remote)) out.push(e);
    } else {
      const mt = filter.usesModTime ? await e.modTime() : 0n;
      if (filter.includeObject(e.remote, e.size, mt)) out.push(e);
    }
  }
  if (!ordered) out.sort(compareEntries);
  return out;
}

/** Directory entries order: by remote bytewise, directories before objects on a tie. */
export function compareEntries(a: DirEntry, b: DirEntry): number {
  const c = compareNames(a.remote, b.remote);
  if (c !== 0) return c;
  if (a.isDir === b.isDir) return 0;
  return a.isDir ? -1 : 1;
}

export interface WalkOptions {
  /** Don't apply the filter. */
  includeAll?: boolean;
  /** Levels to descend: 1 = just dir, -1 = unlimited. */
  maxLevel: number;
  /** Called for every listed directory with its (filtered, sorted) entries; calls are serialised. */
  onDir(dir: string, entries: DirEntry[]): Promise<void> | void;
  /**
   * Called when a directory can't be listed. Return normally to go on;
   * throw to stop the walk. The root's dirNotFound is reported here too.
   */
  onError?(dir: string, err: unknown): void;
}

/**
 * Walks f from dir, listing up to --checkers directories at once. Returns
 * after every directory has been delivered. An error listing the root is
 * thrown; errors below it go to onError (or are logged, counted and the walk
 * goes on, as rclone does).
 */
export async function walk(ctx: OpsContext, f: Fs, dir: string, opts: WalkOptions): Promise<void> {
  const stack: { dir: string; level: number }[] = [{ dir, level: 1 }];
  let running = 0;
  let failure: unknown;
  let serial = Promise.resolve();
  const maxLevel = opts.maxLevel < 0 ? Number.MAX_SAFE_INTEGER : opts.maxLevel;
  const workers = Math.max(1, ctx.opt.checkers);

  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (failure !== undefined) {
        if (running === 0) reject(failure);
        return;
      }
      while (running < workers && stack.length > 0) {
        const job = stack.pop()!;
        running++;
        void listOne(job).then(
          () => {
            running--;
            pump();
          },
          (err: unknown) => {
            running--;
            failure ??= err;
            pump();
          },
        );
      }
      if (running === 0 && stack.length === 0) resolve();
    };
    const listOne = async (job: { dir: string; level: number }): Promise<void> => {
      if (ctx.signal.aborted) throw fsError("aborted");
      let entries: DirEntry[];
      try {
        entries = await listDirSorted(ctx, f, opts.includeAll ?? false, job.dir);
      } catch (err) {
        if (job.dir === dir && opts.onError === undefined) throw err;
        if (opts.onError) opts.onError(job.dir, err);
        else {
          ctx.stats.countError(err);
          ctx.log.error(job.dir, `error listing: ${errorMessage(err)}`);
        }
        return;
      }
      const next = (serial = serial.then(() => opts.onDir(job.dir, entries)));
      await next;
      if (job.level < maxLevel) {
        // Push in reverse so that the stack pops them in sorted order.
        for (let i = entries.length - 1; i >= 0; i--) {
          const e = entries[i]!;
          if (e.isDir) stack.push({ dir: e.remote, level: job.level + 1 });
        }
      }
    };
    pump();
  });
}
