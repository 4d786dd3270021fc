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

interface Keyed {
  entry: DirEntry;
  key: string;
}

const MAX_LEVEL = 2 ** 31 - 1;
const ASCII = /^[\x00-\x7f]*$/;

export class March {
  private readonly transforms: ((s: string) => string)[] = [];
  private errCount = 0;
  private firstError: unknown;

  constructor(private readonly o: MarchOptions) {
    const ctx = o.ctx;
    if (!ctx.opt.noUnicodeNormalization) this.transforms.push((s) => (ASCII.test(s) ? s : s.normalize("NFC")));
    if (o.fdst.features.caseInsensitive || ctx.opt.ignoreCaseSync) this.transforms.push((s) => s.toLowerCase());
  }

  /** The match key: the transformed base name, then "D" or "F". */
  private key(e: DirEntry): string {
    let name = baseName(e.remote);
    for (const t of this.transforms) name = t(name);
    return name + (e.isDir ? "D" : "F");
  }

  private keyed(entries: DirEntry[]): Keyed[] {
    // Re-sort: the transforms and the "D"/"F" suffix can change the listing's order.
    const out = entries.map((entry) => ({ entry, key: this.key(entry) }));
    out.sort((a, b) => compareNames(a.key, b.key));
    return out;
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

  private async listSide(f: Fs, includeAll: boolean, dir: string): Promise<{ entries: Keyed[]; err?: unknown }> {
    try {
      return { entries: this.keyed(await listDirSorted(this.o.ctx, f, includeAll, dir)) };
    } catch (err) {
      return { entries: [], err };
    }
  }

  /** Looks up each source file in the destination (--no-traverse). */
  private async lookUpDst(job: Job, src: Keyed[]): Promise<Keyed[]> {
    const found = await mapLimit(src, this.o.ctx.opt.checkers, async (s) => {
      if (s.entry.isDir) return undefined;
      try {
        const dst = await this.o.fdst.newObject(joinRemote(job.dstRemote, baseName(s.entry.remote)));
        return { entry: dst as DirEntry, key: this.key(dst) };
      } catch {
        return undefined;
      }
    });
    return found.filter((x): x is Keyed => x !== undefined);
  }

  private async processJob(job: Job): Promise<Job[]> {
    const { ctx, fsrc, fdst, callbacks } = this.o;
    if (ctx.signal.aborted) throw fsError("aborted");
    type Side = { entries: Keyed[]; err?: unknown };
    const empty: Side = { entries: [] };
    const srcP: Promise<Side> = job.noSrc ? Promise.resolve(empty) : this.listSide(fsrc, this.o.srcIncludeAll ?? false, job.srcRemote);
    const traverseDst = !this.o.noTraverse && !job.noDst;
    const dstP: Promise<Side> = traverseDst ? this.listSide(fdst, this.o.dstIncludeAll ?? false, job.dstRemote) : Promise.resolve(empty);
    const [srcRes, dstRes0] = await Promise.all([srcP, dstP]);
    let dstRes: Side = dstRes0;
    // With --no-traverse the destination is never listed, so every directory is looked up file by file.
    if (this.o.noTraverse && !this.o.noCheckDest && srcRes.err === undefined) {
      dstRes = { entries: await this.lookUpDst(job, srcRes.entries) };
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
    return this.merge(job, srcRes.entries, dstRes.entries, callbacks);
  }

  private async merge(job: Job, src: Keyed[], dst: Keyed[], cb: Marcher): Promise<Job[]> {
    const { ctx } = this.o;
    const jobs: Job[] = [];
    let i = 0;
    let j = 0;
    let srcPrev: Keyed | undefined;
    let dstPrev: Keyed | undefined;
    const srcOnly = async (s: Keyed): Promise<void> => {
      if ((await cb.srcOnly(s.entry)) && job.srcDepth > 0 && s.entry.isDir) {
        jobs.push({ srcRemote: s.entry.remote, dstRemote: s.entry.remote, srcDepth: job.srcDepth - 1, dstDepth: 0, noSrc: false, noDst: true });
      }
    };
    const dstOnly = async (d: Keyed): Promise<void> => {
      if ((await cb.dstOnly(d.entry)) && job.dstDepth > 0 && d.entry.isDir) {
        jobs.push({ srcRemote: d.entry.remote, dstRemote: d.entry.remote, srcDepth: 0, dstDepth: job.dstDepth - 1, noSrc: true, noDst: false });
      }
    };
    for (;;) {
      if (ctx.signal.aborted) throw fsError("aborted");
      const s = src[i];
      if (s === undefined && this.o.noProcessDstOnly) break;
      const d = dst[j];
      if (s === undefined && d === undefined) break;
      if (s && srcPrev && s.key === srcPrev.key && s.entry.isDir === srcPrev.entry.isDir) {
        ctx.log.notice(s.entry.remote, `Duplicate ${s.entry.isDir ? "directory" : "object"} found in source - ignoring`);
        srcPrev = s;
        i++;
        continue;
      }
      if (d && dstPrev && d.key === dstPrev.key && d.entry.isDir === dstPrev.entry.isDir) {
        ctx.log.notice(d.entry.remote, `Duplicate ${d.entry.isDir ? "directory" : "object"} found in destination - ignoring`);
        dstPrev = d;
        j++;
        continue;
      }
      if (s && d) {
        const c = compareNames(s.key, d.key);
        if (c > 0) {
          await dstOnly(d);
          dstPrev = d;
          j++;
        } else if (c < 0) {
          await srcOnly(s);
          srcPrev = s;
          i++;
        } else {
          const recurse = await cb.match(d.entry, s.entry);
          if (recurse && job.srcDepth > 0 && job.dstDepth > 0 && s.entry.isDir && d.entry.isDir) {
            jobs.push({
              srcRemote: s.entry.remote,
              dstRemote: d.entry.remote,
              srcDepth: job.srcDepth - 1,
              dstDepth: job.dstDepth - 1,
              noSrc: false,
              noDst: false,
            });
          }
          srcPrev = s;
          dstPrev = d;
          i++;
          j++;
        }
      } else if (s) {
        await srcOnly(s);
        srcPrev = s;
        i++;
      } else if (d) {
        await dstOnly(d);
        dstPrev = d;
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
