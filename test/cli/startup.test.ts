/**
 * The launcher (bin/tclone.cjs) runs dist/cli.cjs from the V8 code cache the
 * build recorded: the cache must fit the Node that built it, and a cache that
 * does not fit (another Node, a damaged file) must only cost speed.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Script } from "node:vm";
import { createRequire } from "node:module";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run.js";

const cli = join(REPO_ROOT, "dist", "cli.cjs");
const env = { PATH: process.env["PATH"] ?? "", RCLONE_CONFIG: "/dev/null" };
const wrap = (createRequire(import.meta.url)("node:module") as { wrap(s: string): string }).wrap;
/** Compiles the CLI script as the launcher does, with the given cache. */
const compiled = (cachedData: Buffer): Script => new Script(wrap(readFileSync(cli, "utf8")), { filename: cli, cachedData });
const tmp = mkdtempSync(join(tmpdir(), "tclone-startup-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("start-up from the code cache", () => {
  it("the build's cache is accepted by this Node for this script", () => {
    expect(compiled(readFileSync(`${cli}.cache`)).cachedDataRejected).toBe(false);
  });

  it("a damaged or missing cache is ignored: the CLI still runs", () => {
    const copy = join(tmp, "pkg");
    cpSync(join(REPO_ROOT, "bin"), join(copy, "bin"), { recursive: true });
    cpSync(join(REPO_ROOT, "dist", "cli.cjs"), join(copy, "dist", "cli.cjs"));
    const bin = join(copy, "bin", "tclone.cjs");
    const noCache = execFileSync(process.execPath, [bin, "version"], { env, encoding: "utf8" });
    expect(noCache).toMatch(/^tclone v\d+\.\d+\.\d+/);
    writeFileSync(join(copy, "dist", "cli.cjs.cache"), Buffer.alloc(4096, 0x5a));
    const damaged = execFileSync(process.execPath, [bin, "version"], { env, encoding: "utf8" });
    expect(damaged).toBe(noCache);
  });

  it("TCLONE_CODE_CACHE_OUT writes a cache that a later run accepts", () => {
    const out = join(tmp, "trained.cache");
    execFileSync(process.execPath, [join(REPO_ROOT, "bin", "tclone.cjs"), "version"], { env: { ...env, TCLONE_CODE_CACHE_OUT: out } });
    expect(compiled(readFileSync(out)).cachedDataRejected).toBe(false);
  });
});
