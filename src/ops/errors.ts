/** Error reporting shared by the operations: log once, count once. */
import type { LogSubject } from "../fs/log.js";
import type { OpsContext } from "./context.js";

/** Logs an error line about subject and counts err in the stats. */
export function countAndLog(ctx: OpsContext, subject: LogSubject, msg: string, err: unknown): void {
  ctx.log.error(subject, msg);
  ctx.stats.countError(err);
}
