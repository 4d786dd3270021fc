/**
 * Turning the output of rclone and tclone into comparable form.
 *
 * Two things are done to every run, because they are not differences at all:
 * log lines lose their "YYYY/MM/DD HH:MM:SS " prefix, and lines are sorted
 * (rclone lists directories in parallel, so line order is unspecified).
 * lsjson output is checked for its "[", items joined by ",\n", "]" shape
 * before its items are sorted, as the comma falls on every line but the last.
 *
 * Beyond that, only the documented differences between the oracle (rclone
 * v1.60, the Debian package) and the rclone tclone follows (v1.76) are
 * removed: the line rewrites of VERSION_DIFFERENCES and the usage exit code
 * just after it. Anything else that differs is a bug (or, where a test says
 * so in a comment, another 1.60/1.76 difference that the test steers clear of).
 */
import { isUtf8 } from "node:buffer";
import type { RunResult } from "./run.js";

/** Which tool produced a line. */
export type Tool = "rclone" | "tclone";

interface VersionDifference {
  /** What differs and why tclone is right. */
  why: string;
  stream: "stdout" | "stderr";
  /** The tool whose line is rewritten. */
  tool: Tool;
  rewrite(line: string): string;
}

const LOCAL_HASHES_ONLY_IN_TCLONE = "(?:blake3|sha512|xxh128|xxh3)";

/**
 * THE table of documented rclone 1.60 → 1.76 differences. Keep it small:
 * every entry here hides real output from the comparison.
 */
export const VERSION_DIFFERENCES: readonly VersionDifference[] = [
  {
    why: '`size`: 1.60 prints "Total objects: 5 (5)"; 1.76 leaves out the "(5)" when the count has no suffix',
    stream: "stdout",
    tool: "rclone",
    rewrite: (l) => l.replace(/^Total objects: (\d+) \(\1\)$/, "Total objects: $1"),
  },
  {
    why: '`size --json`: 1.76 adds an "fs" field (the argument) after "sizeless"',
    stream: "stdout",
    tool: "tclone",
    rewrite: (l) => l.replace(/^(\{"count":\d+,"bytes":\d+,"sizeless":\d+),"fs":"(?:[^"\\]|\\.)*"\}$/, "$1}"),
  },
  {
    why: "local hash lists: 1.76's local backend also has sha512, blake3, xxh3 and xxh128 (seen in `lsjson --hash`)",
    stream: "stdout",
    tool: "tclone",
    rewrite: (l) =>
      l
        .replace(new RegExp(`,"${LOCAL_HASHES_ONLY_IN_TCLONE}":"[0-9a-f]*"`, "g"), "")
        .replace(new RegExp(`"${LOCAL_HASHES_ONLY_IN_TCLONE}":"[0-9a-f]*",`, "g"), ""),
  },
  {
    why: '1.76 logs the final "Failed to <cmd>: …" line at NOTICE level, with its "NOTICE: " prefix; 1.60 printed it bare',
    stream: "stderr",
    tool: "rclone",
    // Only the command's own final line ("Failed to ls: …", "Failed to ls with 2 errors: …"),
    // not fatal start-up lines such as "Failed to create file system for …".
    rewrite: (l) => l.replace(/^(Failed to [a-z0-9]+(?:: | with \d+ errors: last error was: ))/, "NOTICE: $1"),
  },
];

/**
 * Usage errors (unknown command or flag, bad flag value, wrong argument
 * count) exit 2 in 1.76 (lib/exitcode UsageError); 1.60 exits 1.
 */
export function rcloneUsageExitCode(status160: number | null): number | null {
  return status160 === 1 ? 2 : status160;
}

/**
 * Splits output into lines, decoding each without loss: UTF-8 when it is
 * valid UTF-8, else its bytes one per character behind a marker, so that a
 * raw byte and its U+FFFD replacement can never compare equal.
 */
export function splitLines(b: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = b.indexOf(0x0a, start);
    const end = nl < 0 ? b.length : nl;
    const raw = b.subarray(start, end);
    if (nl >= 0 || raw.length > 0) lines.push(isUtf8(raw) ? raw.toString("utf8") : "<invalid UTF-8> " + raw.toString("latin1"));
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

/** Drops the date and time rclone puts in front of a log line. */
export function stripLogTime(line: string): string {
  return line.replace(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{6})? /, "");
}

function applyTable(lines: string[], stream: "stdout" | "stderr", tool: Tool): string[] {
  let out = lines;
  for (const d of VERSION_DIFFERENCES) {
    if (d.stream === stream && d.tool === tool) out = out.map((l) => d.rewrite(l));
  }
  return out;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Stdout lines in the order printed, with the table applied (for formats whose order is fixed). */
export function stdoutLinesInOrder(r: RunResult, tool: Tool): string[] {
  return applyTable(splitLines(r.stdout), "stdout", tool);
}

/** Sorted stdout lines, with the table applied. */
export function stdoutLines(r: RunResult, tool: Tool): string[] {
  return stdoutLinesInOrder(r, tool).sort(byCodeUnit);
}

/** Sorted stderr lines without log times, with the table applied. */
export function stderrLines(r: RunResult, tool: Tool): string[] {
  return applyTable(splitLines(r.stderr).map(stripLogTime), "stderr", tool).sort(byCodeUnit);
}

/**
 * The items of an lsjson listing, sorted. Throws if the output is not
 * "[", the items joined by ",\n", "]" (or "[", "]" for none).
 */
export function lsjsonItems(r: RunResult, tool: Tool): string[] {
  const lines = applyTable(splitLines(r.stdout), "stdout", tool);
  if (lines[0] !== "[" || lines[lines.length - 1] !== "]") throw new Error(`${tool} lsjson: not a [ … ] listing:\n${lines.join("\n")}`);
  const items = lines.slice(1, -1);
  return items
    .map((l, i) => {
      const last = i === items.length - 1;
      if (last === l.endsWith(",")) throw new Error(`${tool} lsjson: misplaced comma on item ${i}: ${l}`);
      return last ? l : l.slice(0, -1);
    })
    .sort(byCodeUnit);
}
