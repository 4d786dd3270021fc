/** --log-file: log lines appended to a file instead of standard error. */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { LogSink } from "../fs/log.js";

export function openLogFile(path: string): LogSink {
  mkdirSync(dirname(path), { recursive: true });
  // Appends are synchronous so that lines are in the file even if the process exits at once.
  return (line) => appendFileSync(path, line);
}
