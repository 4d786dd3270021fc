/**
 * Running tclone (bin/tclone.cjs, built into dist/ by `npm test`) and the
 * real rclone (the Debian package, v1.60) side by side, each in an
 * environment that holds only what the test gives it: PATH, a private HOME,
 * a fixed TZ and RCLONE_CONFIG=/dev/null unless the test names a config.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { onPath } from "./path.js";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TCLONE_BIN = join(REPO_ROOT, "bin", "tclone.cjs");

/** The rclone binary, if installed. */
export const RCLONE: string | undefined = onPath("rclone");

/** Why the rclone comparisons are skipped ("" when they run). */
export const RCLONE_MISSING = RCLONE === undefined ? "`rclone` is not on PATH: comparisons with the real rclone are skipped" : "";
if (RCLONE_MISSING !== "") console.warn(`[tclone tests] ${RCLONE_MISSING}`);

export interface RunResult {
  /** Exit code (null if killed by a signal). */
  status: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface RunOptions {
  cwd?: string;
  /** Variables added to the minimal environment (they win over the defaults). */
  env?: Record<string, string>;
  /** The time zone listings are printed in (default UTC). */
  tz?: string;
  input?: string | Buffer;
  /** Kill the process after this long (default 30 s). */
  timeoutMs?: number;
}

/** A HOME with nothing in it, so no ~/.config/rclone of the machine leaks in; one per test file. */
const EMPTY_HOME = mkdtempSync(join(tmpdir(), "tclone-test-home-"));
afterAll(() => rmSync(EMPTY_HOME, { recursive: true, force: true }));

/** The whole environment a run gets. */
export function testEnv(o: RunOptions = {}): Record<string, string> {
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: EMPTY_HOME,
    TZ: o.tz ?? "UTC",
    RCLONE_CONFIG: "/dev/null",
    ...o.env,
  };
}

function run(file: string, args: readonly string[], o: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: o.cwd, env: testEnv(o), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 30_000);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(o.input ?? "");
  });
}

/** Runs `node bin/tclone.cjs args…`. */
export function tclone(args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, [TCLONE_BIN, ...args], o);
}

/** Runs the real rclone; only call it when RCLONE is set. */
export function rclone(args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  if (RCLONE === undefined) throw new Error(RCLONE_MISSING);
  return run(RCLONE, args, o);
}

/** Runs both with the same arguments and options, at the same time. */
export async function both(args: readonly string[], o: RunOptions = {}): Promise<{ r: RunResult; t: RunResult }> {
  const [r, t] = await Promise.all([rclone(args, o), tclone(args, o)]);
  return { r, t };
}

/** Text of a run's stream, for messages (invalid UTF-8 shows as U+FFFD). */
export function text(b: Buffer): string {
  return b.toString("utf8");
}
