/**
 * Assertions that tclone printed what rclone printed: exit code, standard
 * output and log lines, after the normalisation of ./normalise.ts.
 */
import { expect } from "vitest";
import { lsjsonItems, stderrLines, stdoutLines, stdoutLinesInOrder } from "./normalise.js";
import type { RunResult } from "./run.js";

/**
 * How standard output is compared: "sorted" lines (listings, whose order
 * rclone leaves open), "lsjson" items (sorted, after checking the [ … ]
 * shape) or "exact" (tree, size, lsjson --stat: order is part of the format).
 */
export type StdoutOrder = "sorted" | "lsjson" | "exact";

function stdoutOf(r: RunResult, tool: "rclone" | "tclone", order: StdoutOrder): string[] {
  if (order === "lsjson") return lsjsonItems(r, tool);
  if (order === "sorted") return stdoutLines(r, tool);
  return stdoutLinesInOrder(r, tool);
}

/** Same exit code, same stdout and same log lines. */
export function expectSameAsRclone(r: RunResult, t: RunResult, order: StdoutOrder = "sorted"): void {
  expect({ status: t.status, stdout: stdoutOf(t, "tclone", order), stderr: stderrLines(t, "tclone") }).toEqual({
    status: r.status,
    stdout: stdoutOf(r, "rclone", order),
    stderr: stderrLines(r, "rclone"),
  });
}

/** Same exit code and stdout; log lines are not compared (see the caller for why). */
export function expectSameStdout(r: RunResult, t: RunResult, order: StdoutOrder = "sorted"): void {
  expect({ status: t.status, stdout: stdoutOf(t, "tclone", order) }).toEqual({ status: r.status, stdout: stdoutOf(r, "rclone", order) });
}

/** Same log lines (after normalisation). */
export function expectSameLog(r: RunResult, t: RunResult): void {
  expect(stderrLines(t, "tclone")).toEqual(stderrLines(r, "rclone"));
}
