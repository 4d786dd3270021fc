/**
 * Local to local copies of small files: one native job per file (read,
 * check the source is as listed, digest, write, set the time, rename to the
 * final name), on the I/O thread when both disks are fast and on libuv's
 * pool when one is slow. What rclone's copy guarantees must hold on both.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LocalFs } from "../../src/backends/local/fs.js";
import { isKind } from "../../src/fs/errors.js";
import { LogLevel } from "../../src/fs/log.js";
import type { Fs } from "../../src/fs/types.js";
import { copyObject } from "../../src/ops/copy.js";
import { copy } from "../../src/ops/sync.js";
import { T1, T2, expectFiles, expectTime, fsAt, listTree, mtimeOf, newEnv, newRun, writeFile, type Run } from "./helpers.js";

let r: Run;
beforeEach(() => {
  r = newRun();
});
afterEach(() => r.cleanup());

/** The source and destination Fs, both marked slow when asked (which sends small files to the thread pool). */
async function pair(slow: boolean): Promise<{ env: Awaited<ReturnType<typeof newEnv>>; src: Fs; dst: Fs }> {
  const env = await newEnv({}, LogLevel.Notice);
  const src = await fsAt(env, r.local);
  const dst = await fsAt(env, r.remote);
  if (slow) for (const f of [src, dst]) (f as LocalFs).io.markSlow();
  return { env, src, dst };
}

describe.each([
  ["fast disks (I/O thread)", false],
  ["a slow disk (thread pool)", true],
])("small local files on %s", (_name, slow) => {
  it("are copied with their time and MD5, into directories made on demand, leaving no temporary file", async () => {
    const items = [writeFile(r.local, "a.txt", "alpha", T1), writeFile(r.local, "deep/er/b.bin", Buffer.alloc(70_000, 9), T2), writeFile(r.local, "empty", "", T2)];
    const { env, src, dst } = await pair(slow);
    await copy(env.ctx, dst, src);
    expect(env.ctx.stats.transfers).toBe(3);
    expect(env.ctx.stats.errors).toBe(0);
    expectFiles(r.remote, items);
    for (const i of items) expectTime(mtimeOf(join(r.remote, i.path)), i.mtime!);
    expect([...listTree(r.remote).files.keys()].sort()).toEqual(["a.txt", "deep/er/b.bin", "empty"]);
    const copied = await dst.newObject("a.txt");
    expect(await copied.hash("md5")).toBe("2c1743a391305fbf367df8e4f069f9f9");
  });

  it("the copy's hashes are known at once, and only while fresh; a later hash() checks the file again", async () => {
    writeFile(r.local, "k.txt", "alpha", T1);
    const { env, src, dst } = await pair(slow);
    const o = await src.newObject("k.txt");
    const copied = await copyObject(env.ctx, dst, undefined, "k.txt", o);
    if (!copied?.knownHash) return expect.fail("a local object should offer knownHash");
    const md5 = "2c1743a391305fbf367df8e4f069f9f9";
    // Right after the copy (the verify's moment) both sides know it; much later neither does.
    expect([o.knownHash!("md5"), copied.knownHash("md5")]).toEqual([md5, md5]);
    expect(copied.knownHash("sha1")).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(copied.knownHash("md5")).toBeUndefined();
    writeFile(r.remote, "k.txt", "other", T2);
    expect(await copied.hash("md5")).toBe("795f3202b17cb6bc3d4b771d8c6c9eaf");
  });

  it("a source changed since it was listed is refused, and nothing is left at the destination", async () => {
    writeFile(r.local, "grows", "short", T1);
    const { env, src, dst } = await pair(slow);
    const o = await src.newObject("grows");
    writeFile(r.local, "grows", "much longer now", T1);
    const err = await copyObject(env.ctx, dst, undefined, "grows", o).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/can't copy - source file is being updated \(size changed from 5 to 15\)/);
    expect(readdirSync(r.remote)).toEqual([]);
  });

  it("a source that vanished is objectNotFound", async () => {
    writeFile(r.local, "gone", "x", T1);
    const { env, src, dst } = await pair(slow);
    const o = await src.newObject("gone");
    rmSync(join(r.local, "gone"));
    const err = await copyObject(env.ctx, dst, undefined, "gone", o).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isKind(err, "objectNotFound")).toBe(true);
    expect(readdirSync(r.remote)).toEqual([]);
  });

  it("a directory where the file should go: rclone's error, and the temporary file is removed", async () => {
    writeFile(r.local, "clash", "data", T1);
    mkdirSync(join(r.remote, "clash"));
    writeFileSync(join(r.remote, "clash", "inside"), "keep");
    const { env, src, dst } = await pair(slow);
    const err = await copyObject(env.ctx, dst, undefined, "clash", await src.newObject("clash")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/can't move file onto non-file/);
    expect(readdirSync(r.remote)).toEqual(["clash"]);
    expect(existsSync(join(r.remote, "clash", "inside"))).toBe(true);
  });
});
