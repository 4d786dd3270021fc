/**
 * The gate every destructive action passes (rclone's SkipDestructive):
 * --dry-run skips it with a notice, -i/--interactive asks first.
 */
import { FsError } from "../fs/errors.js";
import type { LogSubject } from "../fs/log.js";
import { formatSize } from "../lib/units.js";
import type { OpsContext } from "./context.js";

/** Per run (keyed by the stats object), the actions the user said to skip or do always. */
const decided = new WeakMap<object, Map<string, boolean>>();

function sizeOf(subject: LogSubject): number {
  if (typeof subject === "object" && subject !== null && "size" in subject) {
    const s = (subject as { size: unknown }).size;
    if (typeof s === "number") return s;
  }
  return -1;
}

/** True if destructive actions are gated at all (--dry-run, -i): skipDestructive can only say yes then. */
export function gatesDestructive(ctx: OpsContext): boolean {
  return ctx.opt.dryRun || ctx.opt.interactive;
}

/** Returns true if the action must be skipped (and says so). */
export async function skipDestructive(ctx: OpsContext, subject: LogSubject, action: string): Promise<boolean> {
  let flag: string;
  let skip: boolean;
  if (ctx.opt.dryRun) {
    flag = "--dry-run";
    skip = true;
  } else if (ctx.opt.interactive) {
    flag = "--interactive";
    let m = decided.get(ctx.stats);
    if (!m) decided.set(ctx.stats, (m = new Map()));
    const known = m.get(action);
    if (known !== undefined) skip = known;
    else skip = await choose(ctx, m, subject, action);
  } else {
    return false;
  }
  if (skip) {
    const size = sizeOf(subject);
    ctx.log.notice(subject, size >= 0 ? `Skipped ${action} as ${flag} is set (size ${formatSize(size)})` : `Skipped ${action} as ${flag} is set`);
  }
  return skip;
}

// Questions are asked one at a time, whatever the concurrency.
let asking: Promise<unknown> = Promise.resolve();

async function choose(ctx: OpsContext, m: Map<string, boolean>, subject: LogSubject, action: string): Promise<boolean> {
  const ask = ctx.ask;
  if (!ask) return false;
  const turn = asking.then(async () => {
    const known = m.get(action);
    if (known !== undefined) return known;
    const c = await ask(`\ntclone: ${action} "${String(subject)}"?`, [
      "yYes, this is OK",
      "nNo, skip this",
      `sSkip all ${action} operations with no more questions`,
      `!Do all ${action} operations with no more questions`,
      "qExit tclone now.",
    ], 0);
    switch (c) {
      case "n":
        return true;
      case "s":
        m.set(action, true);
        ctx.log.notice(undefined, `Skipping all ${action} operations from now on without asking`);
        return true;
      case "!":
        m.set(action, false);
        ctx.log.notice(undefined, `Doing all ${action} operations from now on without asking`);
        return false;
      case "q":
        ctx.log.notice(undefined, "Quitting tclone now");
        throw new FsError("aborted", "interactive quit", { fatal: true });
      default:
        return false;
    }
  });
  asking = turn.catch(() => undefined);
  return turn;
}
