/**
 * Helpers of the local backend's own tests: making a local Fs with given
 * options and a log that is kept, temporary directories, and running the
 * installed rclone binary as an oracle.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { localRegInfo } from "../../../src/backends/local/index.js";
import type { LocalFs } from "../../../src/backends/local/fs.js";
import { newBaseContext, type Context } from "../../../src/fs/context.js";
import { IsFileError } from "../../../src/fs/errors.js";
import type { GlobalOptions } from "../../../src/fs/globals.js";
import { Logger, LogLevel } from "../../../src/fs/log.js";
import type { ConfigMapper } from "../../../src/fs/options.js";

const run = promisify(execFile);

/** A context whose log lines (at DEBUG) are collected in `lines`. */
export function captureContext(overrides: Partial<GlobalOptions> = {}): { ctx: Context; lines: string[] } {
  const lines: string[] = [];
  const log = new Logger();
  log.level = LogLevel.Debug;
  log.sink = (line) => {
    lines.push(line);
  };
  return { ctx: newBaseContext(overrides, log), lines };
}

/** A ConfigMapper over plain values. */
export function mapper(values: Record<string, string> = {}): ConfigMapper {
  const m = new Map(Object.entries(values));
  return {
    get: (k) => m.get(k),
    set: (k, v) => {
      m.set(k, v);
    },
  };
}

/** Makes a local Fs (or, when root is a file, returns the IsFileError). */
export async function makeLocal(
  root: string,
  options: Record<string, string> = {},
  ctx: Context = captureContext().ctx,
): Promise<LocalFs> {
  return (await localRegInfo.newFs("local", root, mapper(options), ctx)) as LocalFs;
}

/** The IsFileError that making an Fs at a file gives. */
export async function makeLocalIsFile(root: string, options: Record<string, string> = {}): Promise<IsFileError> {
  try {
    await localRegInfo.newFs("local", root, mapper(options), captureContext().ctx);
  } catch (err) {
    if (err instanceof IsFileError) return err;
    throw err;
  }
  throw new Error(`${root} did not give IsFileError`);
}

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix = "tclone-local-", base = tmpdir()): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(base, prefix));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True if the rclone oracle is installed. */
export const haveRclone: boolean = (() => {
  try {
    execFileSync("rclone", ["version"], { stdio: "ignore", env: { ...process.env, RCLONE_CONFIG: "/dev/null" } });
    return true;
  } catch {
    return false;
  }
})();

/** Runs the rclone oracle; stdout as raw bytes, stderr as text. */
export async function rclone(args: string[], env: Record<string, string> = {}): Promise<{ stdout: Buffer; stderr: string }> {
  const res = await run("rclone", args, {
    encoding: "buffer",
    env: { ...process.env, RCLONE_CONFIG: "/dev/null", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout: res.stdout, stderr: res.stderr.toString("utf8") };
}
