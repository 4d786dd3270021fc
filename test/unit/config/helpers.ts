/** Shared fixtures for the config tests: temp dirs, captured logs and streams. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { Logger, LogLevel } from "../../../src/fs/log.js";
import type { PasswordIO } from "../../../src/config/password.js";

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = "tclone-config-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger whose lines are collected instead of printed. */
export function captureLog(level = LogLevel.Debug): { log: Logger; lines: string[] } {
  const log = new Logger();
  log.level = level;
  const lines: string[] = [];
  log.sink = (l) => lines.push(l);
  return { log, lines };
}

/** A writable that remembers what was written. */
export class Collect extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** Password I/O over an in-memory stdin that holds the given text (not a terminal). */
export function pipedIO(input: string): PasswordIO & { output: Collect; stdout: Collect } {
  const stdin = new PassThrough();
  stdin.end(input);
  return { stdin, output: new Collect(), stdout: new Collect() };
}

/** Password I/O whose "terminal" answers with the given passwords in turn. */
export function scriptedIO(answers: string[]): PasswordIO & { output: Collect; stdout: Collect; asked: () => number } {
  let n = 0;
  const stdin = new PassThrough();
  return {
    stdin,
    output: new Collect(),
    stdout: new Collect(),
    readPassword: async () => {
      const a = answers[n++];
      if (a === undefined) throw new Error("test asked for more passwords than scripted");
      return a;
    },
    asked: () => n,
  };
}
