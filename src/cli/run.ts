/**
 * Running a command as rclone's cmd.Run does: whole-command retries for the
 * commands that allow them, periodic and final stats, the final
 * "Failed to <cmd>" line, and the exit code.
 */
import { errorMessage, isFatal, isKind, isNoLowLevelRetry, isNoRetry, shouldRetry } from "../fs/errors.js";
import { LogLevel, parseLogLevel } from "../fs/log.js";
import type { OpsContext } from "../ops/context.js";
import { StartupError, type Cli } from "./cli.js";
import type { RunFn } from "./spec.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the command; returns its final error (undefined on success). */
export async function runCommand(cli: Cli, run: RunFn, args: string[]): Promise<unknown> {
  const ctx = cli.ctx;
  const stats = ctx.stats;
  const opt = ctx.opt;
  // Asking for --stats shows them for any command.
  const showStats = (cli.spec.stats ?? false) || cli.explicitGlobals.has("stats") || process.env["RCLONE_STATS"] !== undefined;
  const statsLevel = parseLogLevel(opt.statsLogLevel);
  let stopStats = (): void => undefined;
  if (opt.progress) {
    const { startProgress } = await import("./progress.js");
    stopStats = startProgress(ctx);
  } else if (showStats && opt.stats > 0n && ctx.log.enabled(statsLevel)) {
    const t = setInterval(() => ctx.log.log(statsLevel, undefined, stats.toString()), Number(opt.stats / 1_000_000n));
    t.unref();
    stopStats = (): void => clearInterval(t);
  }
  const retries = cli.spec.retry ? Math.max(1, opt.retries) : 1;
  let cmdErr: unknown;
  for (let attempt = 1; attempt <= retries; attempt++) {
    cmdErr = undefined;
    try {
      await run(cli, args);
    } catch (err) {
      // A problem setting the command up (a bad remote, say) ends the program at once, as rclone's Fatalf.
      if (err instanceof StartupError) {
        stopStats();
        throw err;
      }
      cmdErr = err;
      stats.countError(err);
    }
    await cli.out.flush();
    const lastErr = stats.lastError;
    if (cmdErr === undefined) cmdErr = lastErr;
    if (!cli.spec.retry || !stats.errored()) {
      if (attempt > 1) ctx.log.error(undefined, `Attempt ${attempt}/${retries} succeeded`);
      break;
    }
    // Said at ERROR only when an earlier attempt failed too: on the first, the final line says it all.
    const level = attempt > 1 ? LogLevel.Error : LogLevel.Debug;
    if (stats.fatalError) {
      if (retries > 1) ctx.log.log(level, undefined, "Fatal error received - not attempting retries");
      break;
    }
    if (!stats.retryError) {
      if (retries > 1) ctx.log.log(level, undefined, "Can't retry any of the errors - not attempting retries");
      break;
    }
    if (attempt === retries && retries === 1) break;
    if (stats.retryAfter > Date.now()) {
      const d = stats.retryAfter - Date.now();
      ctx.log.notice(undefined, `Received retry after error - sleeping until ${new Date(stats.retryAfter).toISOString()} (${d}ms)`);
      await sleep(d);
    }
    ctx.log.error(
      undefined,
      lastErr !== undefined
        ? `Attempt ${attempt}/${retries} failed with ${stats.errors} errors and: ${errorMessage(lastErr)}`
        : `Attempt ${attempt}/${retries} failed with ${stats.errors} errors`,
    );
    if (attempt < retries) {
      stats.resetErrors();
      stats.resetCounters();
      if (opt.retriesSleep > 0n) await sleep(Number(opt.retriesSleep / 1_000_000n));
    }
  }
  stopStats();
  if (showStats && (stats.errored() || opt.stats > 0n) && !opt.progress) ctx.log.log(statsLevel, undefined, stats.toString());
  if (cmdErr === undefined) cmdErr = stats.lastError;
  if (cmdErr !== undefined) {
    const n = stats.errors;
    ctx.log.notice(
      undefined,
      n <= 1 ? `Failed to ${cli.spec.name}: ${errorMessage(cmdErr)}` : `Failed to ${cli.spec.name} with ${n} errors: last error was: ${errorMessage(cmdErr)}`,
    );
  }
  return cmdErr;
}

/** rclone's exit codes (reference §9.7). */
export function exitCodeOf(err: unknown, ctx: OpsContext): number {
  if (err === undefined || err === null) {
    if (ctx.opt.errorOnNoTransfer && ctx.stats.transfers === 0) return 9;
    return 0;
  }
  if (isKind(err, "dirNotFound")) return 3;
  if (isKind(err, "objectNotFound")) return 4;
  if (isKind(err, "maxTransferLimitReached")) return 8;
  if (isKind(err, "maxDurationReached")) return 10;
  if (shouldRetry(err)) return 5;
  if (isNoRetry(err) || isNoLowLevelRetry(err)) return 6;
  if (isFatal(err)) return 7;
  if (isKind(err, "usage")) return 2;
  return 1;
}

