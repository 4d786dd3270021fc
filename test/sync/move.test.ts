/**
 * move: server-side renames within one remote, whole-directory moves, what
 * happens to the source's directories, and overlap (rclone's fs/sync
 * TestServerSideMove*, TestMove*).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isFatal, isKind } from "../../src/fs/errors.js";
import type { GlobalOptions } from "../../src/fs/globals.js";
import { move } from "../../src/ops/sync.js";
import {
  T1,
  T2,
  T3,
  expectDirs,
  expectFiles,
  expectTime,
  fsAt,
  listTree,
  makeDir,
  mtimeOf,
  newEnv,
  newRun,
  writeFile,
  type Env,
  type Run,
} from "./helpers.js";

let r: Run;
beforeEach(() => {
  r = newRun();
});
afterEach(() => r.cleanup());

const DASHES = "-".repeat(60);

async function moveOnce(src: string, dst: string, opt: Partial<GlobalOptions> = {}, o: { deleteEmptySrcDirs?: boolean; createEmptySrcDirs?: boolean } = {}): Promise<Env> {
  const env = await newEnv(opt);
  await move(env.ctx, await fsAt(env, dst), await fsAt(env, src), o);
  return env;
}

/** Files present in a directory that may have been moved away entirely. */
function filesIn(dir: string): string[] {
  return existsSync(dir) ? [...listTree(dir).files.keys()] : [];
}

describe("move", () => {
  for (const withFilter of [false, true]) {
    it(`move within one remote renames the files server-side${withFilter ? ", leaving filtered-out files behind" : ""}`, async () => {
      const opt: Partial<GlobalOptions> = withFilter ? { minSize: 40 } : {};
      const file1 = writeFile(r.remote, "potato2", DASHES, T1);
      const file2 = writeFile(r.remote, "empty space", "-", T2);
      const file3u = writeFile(r.remote, "potato3", DASHES + " UPDATED", T2);
      const target = join(r.dir, "moved");
      writeFile(target, "empty space", "-", T2);
      writeFile(target, "potato3", DASHES, T1);

      const env = await moveOnce(r.remote, target, opt);
      expectFiles(r.remote, withFilter ? [file2] : []);
      expectFiles(target, [file2, file1, file3u]);
      expect(env.ctx.stats.serverSideMoves).toBeGreaterThan(0);
      expect(env.logged(/potato2: Moved \(server-side\)/)).toBe(true);

      // Move it on into a directory that does not exist yet.
      const target2 = join(r.dir, "moved2");
      await moveOnce(target, target2, opt);
      if (withFilter) {
        expectFiles(target2, [file1, file3u]);
        expectFiles(target, [file2]);
      } else {
        expectFiles(target2, [file2, file1, file3u]);
        expect(filesIn(target)).toEqual([]);
      }
    });
  }

  it("move of a whole directory to a new place on the same remote is one server-side directory move", async () => {
    const f1 = writeFile(r.local, "dir1/file1.txt", "hello", T1);
    writeFile(r.local, "dir2/file2.txt", "hello again", T2);
    const src = join(r.local, "dir1");
    const dst = join(r.dir, "elsewhere");
    const env = await moveOnce(src, dst);
    expect(env.logged(/Server side directory move succeeded/)).toBe(true);
    expectFiles(dst, [{ ...f1, path: "file1.txt" }]);
    expect(existsSync(src)).toBe(false);
  });

  it("move with --delete-empty-src-dirs removes the source directories it emptied", async () => {
    const file1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    const file2 = writeFile(r.local, "nested/sub dir/file", "nested", T1);
    await moveOnce(r.local, r.remote, {}, { deleteEmptySrcDirs: true });
    expectFiles(r.local, []);
    expectDirs(r.local, []);
    expectFiles(r.remote, [file1, file2]);
  });

  it("move without --delete-empty-src-dirs leaves the emptied source directories", async () => {
    const file1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    const file2 = writeFile(r.local, "nested/sub dir/file", "nested", T1);
    await moveOnce(r.local, r.remote);
    expectFiles(r.local, []);
    expectDirs(r.local, ["sub dir", "nested", "nested/sub dir"]);
    expectFiles(r.remote, [file1, file2]);
  });

  it("move with --delete-empty-src-dirs also removes source directories that were empty to start with", async () => {
    const file1 = writeFile(r.remote, "potato2", DASHES, T1);
    makeDir(r.remote, "tomatoDir");
    const target = join(r.dir, "moved");
    makeDir(r.dir, "moved");
    await moveOnce(r.remote, target, {}, { deleteEmptySrcDirs: true });
    expectFiles(target, [file1]);
    expectDirs(r.remote, []);
  });

  it("move --create-empty-src-dirs makes the empty source directories on the destination", async () => {
    const file1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    makeDir(r.local, "sub dir2", T2);
    await moveOnce(r.local, r.remote, {}, { createEmptySrcDirs: true });
    expectFiles(r.remote, [file1]);
    expectDirs(r.remote, ["sub dir", "sub dir2"]);
    expectTime(mtimeOf(join(r.remote, "sub dir2")), T2, "sub dir2");
  });

  it("move without --create-empty-src-dirs makes no empty directories on the destination", async () => {
    const file1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    makeDir(r.local, "sub dir2");
    await moveOnce(r.local, r.remote);
    expectFiles(r.remote, [file1]);
    expectDirs(r.remote, ["sub dir"]);
  });

  it("move with --ignore-existing leaves a source file whose name exists on the destination", async () => {
    const file1 = writeFile(r.local, "existing", "potato", T1);
    const file2 = writeFile(r.local, "existing-b", "tomato", T1);
    await moveOnce(r.local, r.remote, { ignoreExisting: true });
    expectFiles(r.local, []);
    expectFiles(r.remote, [file1, file2]);

    const file1b = writeFile(r.local, "existing", "newpotatoes", T2);
    await moveOnce(r.local, r.remote, { ignoreExisting: true });
    expectFiles(r.local, [file1b]);
    expectFiles(r.remote, [file1, file2]);
  });

  it("move over an existing different file replaces it and removes the source", async () => {
    writeFile(r.remote, "sub dir/hello world", "hello world", T1);
    const file2 = writeFile(r.local, "sub dir/hello world", "hello world again", T2);
    await moveOnce(r.local, r.remote);
    expectFiles(r.local, []);
    expectFiles(r.remote, [file2]);
  });

  it("move of a file identical to the destination's just deletes the source", async () => {
    const f = writeFile(r.local, "same", "same", T3);
    writeFile(r.remote, "same", "same", T3);
    const env = await moveOnce(r.local, r.remote);
    expectFiles(r.local, []);
    expectFiles(r.remote, [f]);
    expect(env.ctx.stats.transfers).toBe(0);
    expect(env.logged(/same: Deleted/)).toBe(true);
  });

  it("move --dry-run moves nothing", async () => {
    const f = writeFile(r.local, "a/file", "data", T1);
    await moveOnce(r.local, r.remote, { dryRun: true }, { deleteEmptySrcDirs: true });
    expectFiles(r.local, [f]);
    expect(listTree(r.remote)).toEqual({ files: new Map(), dirs: [] });
  });

  it("move into a sub-directory of the source is refused as overlapping", async () => {
    const file1 = writeFile(r.remote, "potato2", DASHES, T1);
    const sub = join(r.remote, "rclone-move-test");
    for (const opt of [{}, { minSize: 40 }] as Partial<GlobalOptions>[]) {
      const env = await newEnv(opt);
      const err = await move(env.ctx, await fsAt(env, sub), await fsAt(env, r.remote)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isKind(err, "overlapping"), JSON.stringify(opt)).toBe(true);
      expect(isFatal(err)).toBe(true);
      expectFiles(r.remote, [file1]);
    }
  });

  it("move onto itself does nothing", async () => {
    const f = writeFile(r.remote, "file", "data", T1);
    const env = await moveOnce(r.remote, r.remote);
    expectFiles(r.remote, [f]);
    expect(env.logged(/Nothing to do as source and destination are the same/)).toBe(true);
  });
});
