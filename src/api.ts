/**
 * The library API: the same engine as the CLI, driven from a Node program.
 *
 *   import { newFs, sync } from "tclone";
 *   const result = await sync("/data/photos", "backup:photos", {
 *     options: { transfers: 8 },
 *     onProgress: (p) => console.log(p.bytes, "/", p.totalBytes),
 *   });
 */
import { Stats } from "./accounting/stats.js";
import type { GlobalOptions } from "./fs/globals.js";
import { Logger, LogLevel } from "./fs/log.js";
import { newFsFromPath } from "./fs/newfs.js";
import type { Fs } from "./fs/types.js";
import { Filter } from "./filter/index.js";
import { check as checkOp, type CheckOptions, type CheckResult } from "./ops/check.js";
import { newOpsContext, type FilterView, type OpsContext } from "./ops/context.js";
import { listJson as listJsonOp, type ListJsonItem, type ListJsonOptions } from "./ops/list.js";
import { copy as copyOp, move as moveOp, sync as syncOp, type MoveOptions, type TreeOptions } from "./ops/sync.js";

/** A snapshot of a run's progress. */
export interface Progress {
  /** Bytes transferred so far. */
  bytes: number;
  /** Bytes expected in all (grows as the run discovers work). */
  totalBytes: number;
  transfers: number;
  totalTransfers: number;
  checks: number;
  totalChecks: number;
  deletes: number;
  renames: number;
  errors: number;
  /** Average speed in bytes per second. */
  speed: number;
  elapsedMs: number;
  /** Names of the files being transferred now. */
  transferring: string[];
}

/** Options of any library call. */
export interface RunOptions {
  /** Global options, as the flags set them (e.g. { transfers: 8, dryRun: true }). */
  options?: Partial<GlobalOptions>;
  /** Aborts the run. */
  signal?: AbortSignal;
  /** Called every progressIntervalMs and once at the end. */
  onProgress?: (p: Progress) => void;
  progressIntervalMs?: number;
  /** Where log lines go; default: nowhere below ERROR, to stderr. */
  logger?: Logger;
}

/** What a run did. */
export interface RunResult {
  progress: Progress;
  /** The stats block as rclone prints it. */
  summary: string;
}

function snapshot(stats: Stats): Progress {
  const t = stats.totals();
  return {
    bytes: stats.bytes,
    totalBytes: t.bytes,
    transfers: stats.transfers,
    totalTransfers: t.transfers,
    checks: stats.checks,
    totalChecks: t.checks,
    deletes: stats.deletes,
    renames: stats.renames,
    errors: stats.errors,
    speed: stats.speed(),
    elapsedMs: Date.now() - stats.startTime,
    transferring: [...stats.transferring.values()].map((x) => x.name),
  };
}

async function makeContext(o: RunOptions): Promise<OpsContext> {
  const log = o.logger ?? Object.assign(new Logger(), { level: LogLevel.Error });
  const base = newOpsContext({ opt: o.options ?? {}, log, ...(o.signal ? { signal: o.signal } : {}) });
  const filter: FilterView = await Filter.create(base.opt);
  return { ...base, filter };
}

async function toFs(ctx: OpsContext, f: Fs | string): Promise<Fs> {
  return typeof f === "string" ? newFsFromPath(f, ctx) : f;
}

async function withProgress(ctx: OpsContext, o: RunOptions, fn: () => Promise<void>): Promise<RunResult> {
  let timer: NodeJS.Timeout | undefined;
  if (o.onProgress) {
    const cb = o.onProgress;
    timer = setInterval(() => cb(snapshot(ctx.stats)), o.progressIntervalMs ?? 500);
    timer.unref();
  }
  try {
    await fn();
  } finally {
    if (timer) clearInterval(timer);
    o.onProgress?.(snapshot(ctx.stats));
  }
  return { progress: snapshot(ctx.stats), summary: ctx.stats.toString() };
}

/** Makes an Fs for a `remote:path` (remotes come from rclone.conf and RCLONE_CONFIG_* variables). */
export async function newFs(path: string, o: RunOptions = {}): Promise<Fs> {
  return newFsFromPath(path, await makeContext(o));
}

/** Makes dst identical to src (deleting extra files on dst). */
export async function sync(src: Fs | string, dst: Fs | string, o: RunOptions & TreeOptions = {}): Promise<RunResult> {
  const ctx = await makeContext(o);
  const [fsrc, fdst] = [await toFs(ctx, src), await toFs(ctx, dst)];
  return withProgress(ctx, o, () => syncOp(ctx, fdst, fsrc, o));
}

/** Copies src to dst, skipping identical files. */
export async function copy(src: Fs | string, dst: Fs | string, o: RunOptions & TreeOptions = {}): Promise<RunResult> {
  const ctx = await makeContext(o);
  const [fsrc, fdst] = [await toFs(ctx, src), await toFs(ctx, dst)];
  return withProgress(ctx, o, () => copyOp(ctx, fdst, fsrc, o));
}

/** Moves src to dst. */
export async function move(src: Fs | string, dst: Fs | string, o: RunOptions & MoveOptions = {}): Promise<RunResult> {
  const ctx = await makeContext(o);
  const [fsrc, fdst] = [await toFs(ctx, src), await toFs(ctx, dst)];
  return withProgress(ctx, o, () => moveOp(ctx, fdst, fsrc, o));
}

/** Checks that src and dst hold the same files. Resolves with the counts; rejects if they differ. */
export async function check(src: Fs | string, dst: Fs | string, o: RunOptions & CheckOptions = {}): Promise<CheckResult> {
  const ctx = await makeContext(o);
  const [fsrc, fdst] = [await toFs(ctx, src), await toFs(ctx, dst)];
  return checkOp(ctx, fdst, fsrc, o);
}

/** Lists a directory (recursively with recurse) as lsjson items. */
export async function listJson(f: Fs | string, o: RunOptions & ListJsonOptions = {}): Promise<ListJsonItem[]> {
  const ctx = await makeContext(o);
  const fs = await toFs(ctx, f);
  const out: ListJsonItem[] = [];
  await listJsonOp(ctx, fs, "", o, (i) => void out.push(i));
  return out;
}
