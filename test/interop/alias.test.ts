/**
 * The alias backend against the real rclone: the same config file, the same
 * listings through aliases (plain, with a path, chained, naming a file),
 * the same errors and exit codes for an empty or self-pointing alias, and a
 * sync through an alias that rclone then finds identical.
 */
import { symlinkSync, writeFileSync as writeText } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lsjsonItems, stderrLines, stdoutLines } from "../helpers/normalise.js";
import { both, RCLONE, RCLONE_MISSING, rclone, tclone, text } from "../helpers/run.js";
import { tempDir, touchAll, writeFile } from "../helpers/tree.js";

const skipNote = RCLONE ? "" : ` [SKIPPED: ${RCLONE_MISSING}]`;

const t = tempDir("tclone-alias-");
afterAll(() => t.cleanup());
const src = join(t.dir, "src");
writeFile(src, "top.txt", "top\n");
writeFile(src, "sub/one.txt", "one\n");
writeFile(src, "sub/deeper/two.bin", Buffer.alloc(3000, 7));
touchAll(src, "2021-03-04T05:06:07.123456789Z");
symlinkSync("top.txt", join(src, "link.txt"));
const conf = join(t.dir, "rclone.conf");
writeText(
  conf,
  [
    "[home]\ntype = alias\nremote = " + src,
    "[sub]\ntype = alias\nremote = home:sub",
    "[chain]\ntype = alias\nremote = sub:deeper",
    "[self]\ntype = alias\nremote = self:x",
    "[empty]\ntype = alias\nremote =",
    "[loop1]\ntype = alias\nremote = loop2:",
    "[loop2]\ntype = alias\nremote = loop1:a",
    "",
  ].join("\n\n"),
);
const env = { RCLONE_CONFIG: conf };

describe.skipIf(!RCLONE).concurrent(`alias remotes read as rclone reads them${skipNote}`, () => {
  it.each([
    ["lsf", "-R", "home:"],
    ["lsf", "-R", "home:sub"],
    ["lsf", "-R", "sub:"],
    ["lsf", "-R", "chain:"],
    ["lsf", "home:top.txt"],
    ["lsf", "sub:deeper/two.bin"],
    ["lsl", "chain:"],
    ["size", "home:"],
    ["md5sum", "sub:"],
  ])("%s %s %s", async (...args) => {
    const { r, t: ours } = await both(args, { env });
    expect(ours.status).toBe(r.status);
    expect(stdoutLines(ours, "tclone")).toEqual(stdoutLines(r, "rclone"));
    expect(stderrLines(ours, "tclone")).toEqual(stderrLines(r, "rclone"));
  });

  it("lsjson through a chain of aliases", async () => {
    const { r, t: ours } = await both(["lsjson", "-R", "--no-mimetype", "chain:"], { env });
    expect(ours.status).toBe(0);
    expect(lsjsonItems(ours, "tclone")).toEqual(lsjsonItems(r, "rclone"));
  });

  it.each(["self:", "empty:", "self:some/path"])("refuses %s with rclone's message and exit code", async (remote) => {
    const { r, t: ours } = await both(["lsf", remote], { env });
    expect(ours.status).toBe(r.status);
    const want = stderrLines(r, "rclone").map((l) => l.replace(/^/, "CRITICAL: "));
    expect(stderrLines(ours, "tclone")).toEqual(want);
  });

  it("a sync through an alias leaves a tree rclone checks as identical", async () => {
    const dst = join(t.dir, "dst");
    const res = await tclone(["sync", "home:", dst], { env });
    expect(res.status, text(res.stderr)).toBe(0);
    const check = await rclone(["check", src, dst], { env });
    expect(check.status, text(check.stderr)).toBe(0);
  });
});

describe("alias loops", () => {
  it("stops a chain of aliases that leads back to itself (rclone overflows its stack)", async () => {
    const res = await tclone(["lsf", "loop1:"], { env });
    expect(res.status).toBe(1);
    const lines = text(res.stderr).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/CRITICAL: Failed to create file system for "loop1:": aliases lead back to one another \(loop1 -> loop2 -> loop1\)/);
  });
});
