/**
 * The march (rclone's fs/march): walks source and destination together, one
 * directory at a time, merging the two sorted listings by name and calling
 * back for names only in the source, only in the destination, or in both.
 * Up to --checkers directories are processed at once; only the directories
 * still to visit are held, so memory is bounded by the widest directory.
 */
import { countAndLog } from "../ops/errors.js";
import { baseName, joinRemote, listDirSorted } from "../ops/walk.js";
import type { OpsContext } from "../ops/context.js";
import { FsError, errorMessage, fsError, isKind } from "../fs/errors.js";
import { compareNames } from "../fs/names.js";
import type { DirEntry, Fs } from "../fs/types.js";
import { mapLimit } from "./queue.js";

/** What the march reports; each returns whether to recurse into a directory. */
export interface Marcher {
  srcOnly(src: DirEntry): Promise<boolean> | boolean;
  dstOnly(dst: DirEntry): Promise<boolean> | boolean;
  match(dst: DirEntry, src: DirEntry): Promise<boolean> | boolean;
}

export interface MarchOptions {
  ctx: OpsContext;
  fsrc: Fs;
  fdst: Fs;
  /** Directory to start from ("" = the roots). */
  dir?: string;
  /** Don't list the destination; look each source file up with newObject. */
  noTraverse?: boolean;
  /** Don't apply the filter to the source listing. */
  srcIncludeAll?: boolean;
  /** Don't apply the filter to the destination listing (--delete-excluded). */
  dstIncludeAll?: boolean;
  /** Don't look at the destination at all. */
  noCheckDest?: boolean;
  /** Stop reading the destination once the source is exhausted (no deletes). */
  noProcessDstOnly?: boolean;
  callbacks: Marcher;
}

interface Job {
  srcRemote: string;
  dstRemote: string;
  srcDepth: number;
  dstDepth: number;
  noSrc: boolean;
  noDst: boolean;
}

/**
 * One side's listing of a directory: its entries and, at the same index,
 * each entry's match name (the base name after the transform: NFC, lower
 * case). Entries are in match order: by name bytes, a name followed by "D"
 * for a directory or "F" for a file (rclone's march sorts on that key).
 */
interface Side {
  entries: DirEntry[];
  names: string[];
  err?: unknown;
}

const EMPTY: Side = { entries: [], names: [] };

const KEY_DIR = 0x44; // "D"
const KEY_FILE = 0x46; // "F"

/**
 * Compares the match keys name+"D"/"F" without building them. They order as
 * the names do unless one name starts with the other; then the suffix letter
 * meets the longer name's next character.
 */
export function compareKeys(a: string, aDir: boolean, b: string, bDir: boolean): number {
  if (a === b) return aDir === bDir ? 0 : aDir ? -1 : 1;
  if (a.length < b.length && b.startsWith(a)) {
    const c = (aDir ? KEY_DIR : KEY_FILE) - b.charCodeAt(a.length);
    return c !== 0 ? c : -1;
  }
  if (b.length < a.length && a.startsWith(b)) {
    const c = a.charCodeAt(b.length) - (bDir ? KEY_DIR : KEY_FILE);
    return c !== 0 ? c : 1;
  }
  return compareNames(a, b);
}

const MAX_LEVEL = 2 ** 31 - 1;
const ASCII = /^[\x00-\x7f]*$/;

export class March {
  /** NFC and/or lower-casing of the match names; undefined when neither applies. */
  private readonly transform: ((s: string) => string) | undefined;
  private errCount = 0;
  private firstError: unknown;

  constructor(private readonly o: MarchOptions) {
    const ctx = o.ctx;
    const nfc = ctx.opt.noUnicodeNormalization ? undefined : (s: string): string => (ASCII.test(s) ? s : s.normalize("NFC"));
    const lower = o.fdst.features.caseInsensitive || ctx.opt.ignoreCaseSync;
    this.transform = lower ? (nfc ? (s) => nfc(s).toLowerCase() : (s) => s.toLowerCase()) : nfc;
  }

  /**
   * Pairs entries, all directly in dir, with their match names, in match order.
   * A listing sorted by name is already in it unless a name is followed by one
   * it begins (see compareKeys) or the transform changed a name; only then is
   * it sorted.
   */
  private side(entries: DirEntry[], dir: string): Side {
    const n = entries.length;
    const names = new Array<string>(n);
    const skip = dir.length === 0 ? 0 : dir.length + 1;
    const t = this.transform;
    let ordered = true;
    let prevKept = true;
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      const base = skip === 0 ? e.remote : e.remote.slice(skip);
      const name = t === undefined ? base : t(base);
      const kept = name === base;
      names[i] = name;
      // With both names as listed, only one that begins the other can be out of key order.
      if (i > 0 && ordered && (!kept || !prevKept || name.length > names[i - 1]!.length)) {
        ordered = compareKeys(names[i - 1]!, entries[i - 1]!.isDir, name, e.isDir) <= 0;
      }
      prevKept = kept;
    }
    if (ordered) return { entries, names };
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((x, y) => compareKeys(names[x]!, entries[x]!.isDir, names[y]!, entries[y]!.isDir));
    return { entries: idx.map((i) => entries[i]!), names: idx.map((i) => names[i]!) };
  }

  async run(): Promise<void> {
    const { ctx } = this.o;
    let depth = ctx.opt.maxDepth;
    if (depth < 0) depth = MAX_LEVEL;
    const dstDepth = ctx.opt.deleteExcluded ? MAX_LEVEL : depth;
    const dir = this.o.dir ?? "";
    const stack: Job[] = [
      { srcRemote: dir, dstRemote: dir, srcDepth: depth - 1, dstDepth: dstDepth - 1, noSrc: false, noDst: this.o.noCheckDest ?? false },
    ];
    const workers = Math.max(1, ctx.opt.checkers);
    let running = 0;
    let abort: unknown;
    await new Promise<void>((resolve) => {
      const pump = (): void => {
        while (abort === undefined && running < workers && stack.length > 0) {
          const job = stack.pop()!;
          running++;
          this.processJob(job).then(
            (jobs) => {
              running--;
              for (let i = jobs.length - 1; i >= 0; i--) stack.push(jobs[i]!);
              pump();
            },
            (err: unknown) => {
              running--;
              abort ??= err;
              pump();
            },
          );
        }
        if (running === 0 && (stack.length === 0 || abort !== undefined)) resolve();
      };
      pump();
    });
    if (abort !== undefined) throw abort;
    if (this.errCount > 1) {
      const e = fsError("other", `march failed with ${this.errCount} error(s): first error: ${errorMessage(this.firstError)}`, { cause: this.firstError });
      e.counted = true;
      throw e;
    }
    if (this.errCount === 1) throw this.firstError;
  }

  private noteError(err: unknown): void {
    if (this.errCount++ === 0) this.firstError = err;
  }

  private async listSide(f: Fs, includeAll: boolean, dir: string): Promise<Side> {
    try {
      return this.side(await listDirSorted(this.o.ctx, f, includeAll, dir), dir);
    } catch (err) {
      return { entries: [], names: [], err };
    }
  }

  /** Looks up each source file in the destination (--no-traverse). */
  private async lookUpDst(job: Job, src: Side): Promise<Side> {
    const found = await mapLimit(src.entries, this.o.ctx.opt.checkers, async (s) => {
      if (s.isDir) return undefined;
      try {
        return (await this.o.fdst.newObject(joinRemote(job.dstRemote, baseName(s.remote)))) as DirEntry;
      } catch {
        return undefined;
      }
    });
    return this.side(
      found.filter((x): x is DirEntry => x !== undefined),
      job.dstRemote,
    );
  }

  private async processJob(job: Job): Promise<Job[]> {
    const { ctx, fsrc, fdst, callbacks } = this.o;
    if (ctx.signal.aborted) throw fsError("aborted");
    const srcP: Promise<Side> = job.noSrc ? Promise.resolve(EMPTY) : this.listSide(fsrc, this.o.srcIncludeAll ?? false, job.srcRemote);
    const traverseDst = !this.o.noTraverse && !job.noDst;
    const dstP: Promise<Side> = traverseDst ? this.listSide(fdst, this.o.dstIncludeAll ?? false, job.dstRemote) : Promise.resolve(EMPTY);
    const [srcRes, dstRes0] = await Promise.all([srcP, dstP]);
    let dstRes: Side = dstRes0;
    // With --no-traverse the destination is never listed, so every directory is looked up file by file.
    if (this.o.noTraverse && !this.o.noCheckDest && srcRes.err === undefined) {
      dstRes = await this.lookUpDst(job, srcRes);
    }
    if (srcRes.err !== undefined) {
      const err = srcRes.err;
      if (job.srcRemote === (this.o.dir ?? "") && isKind(err, "dirNotFound")) {
        // A missing source root: nothing can be done; one clear error, no retries.
        throw new FsError("dirNotFound", `${fsrc.toString()}: error reading source root directory: directory not found`, { noRetry: true, cause: err });
      }
      const where = job.srcRemote !== "" ? job.srcRemote : fsrc;
      const what = job.srcRemote !== "" ? "error reading source directory" : "error reading source root directory";
      countAndLog(ctx, where, `${what}: ${errorMessage(err)}`, err);
      this.noteError(err);
      return [];
    }
    if (dstRes.err !== undefined && !isKind(dstRes.err, "dirNotFound")) {
      const err = dstRes.err;
      const where = job.dstRemote !== "" ? job.dstRemote : fdst;
      const what = job.dstRemote !== "" ? "error reading destination directory" : "error reading destination root directory";
      countAndLog(ctx, where, `${what}: ${errorMessage(err)}`, err);
      this.noteError(err);
      return [];
    }
    return this.merge(job, srcRes, dstRes, callbacks);
  }

  private async merge(job: Job, src: Side, dst: Side, cb: Marcher): Promise<Job[]> {
    const { ctx } = this.o;
    const jobs: Job[] = [];
    const srcJob = (s: DirEntry): void => {
      if (job.srcDepth > 0 && s.isDir) {
        jobs.push({ srcRemote: s.remote, dstRemote: s.remote, srcDepth: job.srcDepth - 1, dstDepth: 0, noSrc: false, noDst: true });
      }
    };
    const dstJob = (d: DirEntry): void => {
      if (job.dstDepth > 0 && d.isDir) {
        jobs.push({ srcRemote: d.remote, dstRemote: d.remote, srcDepth: 0, dstDepth: job.dstDepth - 1, noSrc: true, noDst: false });
      }
    };
    // The callbacks answer with a plain boolean when they need not wait: no await then.
    const then = (r: Promise<boolean> | boolean, e: DirEntry, addJob: (e: DirEntry) => void): Promise<void> | undefined => {
      if (typeof r !== "boolean") return r.then((recurse) => (recurse ? addJob(e) : undefined));
      if (r) addJob(e);
      return undefined;
    };
    const srcOnly = (s: DirEntry): Promise<void> | undefined => then(cb.srcOnly(s), s, srcJob);
    const dstOnly = (d: DirEntry): Promise<void> | undefined => then(cb.dstOnly(d), d, dstJob);
    let i = 0;
    let j = 0;
    for (;;) {
      if (ctx.signal.aborted) throw fsError("aborted");
      const s: DirEntry | undefined = src.entries[i];
      if (s === undefined && this.o.noProcessDstOnly) break;
      const d: DirEntry | undefined = dst.entries[j];
      if (s === undefined && d === undefined) break;
      if (s && i > 0 && src.names[i] === src.names[i - 1] && s.isDir === src.entries[i - 1]!.isDir) {
        ctx.log.notice(s.remote, `Duplicate ${s.isDir ? "directory" : "object"} found in source - ignoring`);
        i++;
        continue;
      }
      if (d && j > 0 && dst.names[j] === dst.names[j - 1] && d.isDir === dst.entries[j - 1]!.isDir) {
        ctx.log.notice(d.remote, `Duplicate ${d.isDir ? "directory" : "object"} found in destination - ignoring`);
        j++;
        continue;
      }
      if (s && d) {
        const c = compareKeys(src.names[i]!, s.isDir, dst.names[j]!, d.isDir);
        if (c > 0) {
          const pd = dstOnly(d);
          if (pd) await pd;
          j++;
        } else if (c < 0) {
          const ps = srcOnly(s);
          if (ps) await ps;
          i++;
        } else {
          const r = cb.match(d, s);
          const recurse = typeof r === "boolean" ? r : await r;
          if (recurse && job.srcDepth > 0 && job.dstDepth > 0 && s.isDir && d.isDir) {
            jobs.push({
              srcRemote: s.remote,
              dstRemote: d.remote,
              srcDepth: job.srcDepth - 1,
              dstDepth: job.dstDepth - 1,
              noSrc: false,
              noDst: false,
            });
          }
          i++;
          j++;
        }
      } else if (s) {
        const ps = srcOnly(s);
        if (ps) await ps;
        i++;
      } else if (d) {
        const pd = dstOnly(d);
        if (pd) await pd;
        j++;
      }
    }
    return jobs;
  }
}

/** Runs a march to completion. */
export async function march(o: MarchOptions): Promise<void> {
  await new March(o).run();
}
