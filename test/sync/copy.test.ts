/**
 * copy: what reaches the destination, what does not, and what a copy leaves
 * alone (rclone's fs/sync TestCopy* and TestNothingToTransfer*).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isKind } from "../../src/fs/errors.js";
import { copy, sync } from "../../src/ops/sync.js";
import {
  T1,
  T2,
  T3,
  WrappedFs,
  expectDirs,
  expectFiles,
  expectTime,
  fsAt,
  listTree,
  makeDir,
  mtimeOf,
  newEnv,
  newRun,
  setMtime,
  writeFile,
  type Run,
} from "./helpers.js";

let r: Run;
beforeEach(() => {
  r = newRun();
});
afterEach(() => r.cleanup());

/** Log lines at INFO or above (what rclone's tests capture at -v). */
const infoLines = (lines: string[]): string[] => lines.filter((l) => !/ DEBUG : /.test(l));

describe("copy", () => {
  it("copies a file in a sub-directory, keeping its modification time and the directory's", async () => {
    const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    setMtime(join(r.local, "sub dir"), T2);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f1]);
    expectFiles(r.local, [f1]);
    // The directory time is set after the file was written into it.
    expectTime(mtimeOf(join(r.remote, "sub dir")), T2, "sub dir");
    expect(env.ctx.stats.transfers).toBe(1);
    expect(env.logged(/INFO  : sub dir\/hello world: Copied \(new\)/)).toBe(true);
  });

  it("copy with --dry-run writes nothing and logs a notice for each skipped copy", async () => {
    const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    const env = await newEnv({ dryRun: true });
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.local, [f1]);
    expect(listTree(r.remote)).toEqual({ files: new Map(), dirs: [] });
    expect(env.logged(/NOTICE: sub dir\/hello world: Skipped copy as --dry-run is set \(size 11\)/)).toBe(true);
  });

  it("copy --no-traverse looks each file up instead of listing the destination", async () => {
    const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    const f2 = writeFile(r.local, "top", "top", T2);
    const env = await newEnv({ noTraverse: true });
    const listed: string[] = [];
    const fdst = new WrappedFs(await fsAt(env, r.remote), {
      list: (dir, next) => {
        listed.push(dir);
        return next();
      },
    });
    await copy(env.ctx, fdst, await fsAt(env, r.local));
    expectFiles(r.remote, [f1, f2]);
    expect(listed).toEqual([]);
  });

  it("copy --no-traverse finds files already in sub-directories by name and transfers nothing the second time", async () => {
    const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    const f2 = writeFile(r.local, "top", "top", T2);
    const env = await newEnv({ noTraverse: true });
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f1, f2]);
    const env2 = await newEnv({ noTraverse: true });
    await copy(env2.ctx, await fsAt(env2, r.remote), await fsAt(env2, r.local));
    expect(env2.matching(/Copied/)).toEqual([]);
    expect(env2.ctx.stats.transfers).toBe(0);
  });

  it("copy --no-traverse back and forth over many files does not deadlock", async () => {
    const items = Array.from({ length: 200 }, (_, i) => writeFile(r.local, `file${i}.txt`, `content${i}`, T1));
    const env = await newEnv({ noTraverse: true });
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, items);
    const env2 = await newEnv({ noTraverse: true });
    await copy(env2.ctx, await fsAt(env2, r.local), await fsAt(env2, r.remote));
    expectFiles(r.local, items);
    expect(env2.ctx.stats.transfers).toBe(0);
  });

  it("copy --check-first finishes every check before the first transfer starts", async () => {
    const items = ["a", "b", "c", "d"].map((n) => {
      writeFile(r.remote, n, "old", T1);
      return writeFile(r.local, n, `new content of ${n}`, T2);
    });
    const env = await newEnv({ checkFirst: true, checkers: 2, transfers: 2 });
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, items);
    const lastCheck = Math.max(...env.lines.map((l, i) => (/: Sizes differ$/.test(l.trimEnd()) ? i : -1)));
    const firstCopy = env.lines.findIndex((l) => / Copied \(/.test(l));
    const finished = env.lines.findIndex((l) => /Checks finished, now starting transfers/.test(l));
    expect(env.logged(/Running all checks before starting transfers/)).toBe(true);
    expect(lastCheck).toBeGreaterThanOrEqual(0);
    expect(lastCheck).toBeLessThan(finished);
    expect(finished).toBeLessThan(firstCopy);
  });

  it("copy --max-depth 1 copies only the top level and makes no sub-directories", async () => {
    writeFile(r.local, "sub dir/hello world", "hello world", T1);
    const f2 = writeFile(r.local, "hello world2", "hello world2", T2);
    const env = await newEnv({ maxDepth: 1 });
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f2]);
    expectDirs(r.remote, []);
  });

  for (const noTraverse of [false, true]) {
    it(`copy --files-from copies only the listed files, ignoring names that are missing${noTraverse ? " (with --no-traverse)" : ""}`, async () => {
      const f1 = writeFile(r.local, "potato2", "hello world", T1);
      writeFile(r.local, "hello world2", "hello world2", T2);
      const list = join(r.dir, "files-from.txt");
      writeFileSync(list, "potato2\nnotfound\n");
      const env = await newEnv({ filesFrom: [list], noTraverse });
      await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
      expectFiles(r.remote, [f1]);
      expect(env.ctx.stats.errors).toBe(0);
    });
  }

  it("copy --create-empty-src-dirs makes the empty source directories, with their modification times", async () => {
    const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    makeDir(r.local, "sub dir2/sub sub dir2", T2);
    setMtime(join(r.local, "sub dir2"), T2);
    setMtime(join(r.local, "sub dir"), T1);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local), { createEmptySrcDirs: true });
    expectFiles(r.remote, [f1]);
    expectDirs(r.remote, ["sub dir", "sub dir2", "sub dir2/sub sub dir2"]);
    for (const d of ["sub dir", "sub dir2", "sub dir2/sub sub dir2"]) expectTime(mtimeOf(join(r.remote, d)), mtimeOf(join(r.local, d)), d);
  });

  it("copy without --create-empty-src-dirs makes only the directories that receive files", async () => {
    const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    makeDir(r.local, "sub dir2/sub sub dir2", T2);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f1]);
    expectDirs(r.remote, ["sub dir"]);
  });

  it("sync --create-empty-src-dirs makes empty directories; without it none are made", async () => {
    const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
    makeDir(r.local, "sub dir2", T2);
    const env = await newEnv();
    await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f1]);
    expectDirs(r.remote, ["sub dir"]);
    const env2 = await newEnv();
    await sync(env2.ctx, await fsAt(env2, r.remote), await fsAt(env2, r.local), { createEmptySrcDirs: true });
    expectDirs(r.remote, ["sub dir", "sub dir2"]);
    expectTime(mtimeOf(join(r.remote, "sub dir2")), T2, "sub dir2");
  });

  it("sync sets every directory's modification time after the whole tree is written, deepest first", async () => {
    const dirs = [
      "a1",
      "a1/b1",
      "a1/b1/c1",
      "a1/b1/c1/d1",
      "a1/b1/c1/d1/e1",
      "a1/b1/c1/d1/e1/f1",
      "a1/b1/c1/d2",
      "a1/b1/c1/d2/e1",
      "a1/b1/c1/d2/e1/f1",
      "a1/b1/c1/d2/e1/f2",
      "a1/b2",
      "a1/b2/c1",
      "a1/b2/c1/d1",
      "a1/b2/c1/d1/e1",
      "a1/b2/c1/d1/e1/f1",
    ];
    for (const d of dirs) makeDir(r.local, d);
    // Stamp them deepest-last so that a parent is never touched after its time is set.
    let t = T1;
    for (const d of [...dirs].reverse()) {
      setMtime(join(r.local, d), t);
      t += 60_000_000_000n;
    }
    const env = await newEnv();
    await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local), { createEmptySrcDirs: true });
    expectDirs(r.remote, dirs);
    for (const d of dirs) expectTime(mtimeOf(join(r.remote, d)), mtimeOf(join(r.local, d)), d);
  });

  it("copying over an existing different file replaces it", async () => {
    writeFile(r.remote, "sub dir/hello world", "hello world", T1);
    const f2 = writeFile(r.local, "sub dir/hello world", "hello world again", T2);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f2]);
    expect(env.logged(/Copied \(replaced existing\)/)).toBe(true);
  });

  it("copy between two directories of the same remote copies the files", async () => {
    const f1 = writeFile(r.remote, "sub dir/hello world", "hello world", T1);
    const other = join(r.dir, "remote-copy");
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, other), await fsAt(env, r.remote));
    expectFiles(other, [f1]);
    expectFiles(r.remote, [f1]);

    // And again after the source changed: the copy is replaced.
    const f2 = writeFile(r.remote, "sub dir/hello world", "hello world again", T2);
    const env2 = await newEnv();
    await copy(env2.ctx, await fsAt(env2, other), await fsAt(env2, r.remote));
    expectFiles(other, [f2]);
  });

  it("copying a file back to where it came from downloads it with its modification time, and again after it changed", async () => {
    const f1 = writeFile(r.remote, "sub dir/hello world", "hello world", T1);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.local), await fsAt(env, r.remote));
    expectFiles(r.local, [f1]);

    const f2 = writeFile(r.remote, "sub dir/hello world", "hello world, changed", T2);
    const env2 = await newEnv();
    await copy(env2.ctx, await fsAt(env2, r.local), await fsAt(env2, r.remote));
    expectFiles(r.local, [f2]);
    expect(env2.ctx.stats.transfers).toBe(1);
  });

  it("copy deletes nothing on the destination, even with --delete-before", async () => {
    const f1 = writeFile(r.remote, "potato", "hopefully not deleted", T1);
    const f2 = writeFile(r.local, "potato2", "hopefully copied in", T1);
    const env = await newEnv({ deleteBefore: true });
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f1, f2]);
    expectFiles(r.local, [f2]);
  });

  it("copy of an empty source leaves the destination's files alone", async () => {
    const f1 = writeFile(r.remote, "sub dir/hello world", "hello world", T1);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [f1]);
    expect(listTree(r.local).files.size).toBe(0);
  });

  it("copy from a source directory that does not exist fails and creates nothing", async () => {
    const env = await newEnv();
    const missing = join(r.dir, "does-not-exist");
    await expect(copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, missing))).rejects.toSatisfy((e: unknown) => isKind(e, "dirNotFound"));
    expect(listTree(r.remote)).toEqual({ files: new Map(), dirs: [] });
  });

  it("copy onto itself does nothing and says so", async () => {
    const f1 = writeFile(r.remote, "file", "data", T1);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.remote));
    expectFiles(r.remote, [f1]);
    expect(env.logged(/Nothing to do as source and destination are the same/)).toBe(true);
    expect(env.ctx.stats.transfers).toBe(0);
  });

  it("copy puts back the directory modification times that changed on the source", async () => {
    const f1 = writeFile(r.local, "file1", "file1", T2);
    const f2 = writeFile(r.local, "test_dir1/file2", "file2", T2);
    const f3 = writeFile(r.local, "test_dir2/sub_dir/file3", "file3", T2);
    makeDir(r.local, "empty_on_remote", T2);
    makeDir(r.remote, "empty_on_remote", T2);
    const env = await newEnv();
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    const dirs = ["test_dir1", "test_dir2", "test_dir2/sub_dir", "empty_on_remote"];
    for (const d of dirs) setMtime(join(r.local, d), T1);
    const env2 = await newEnv();
    await copy(env2.ctx, await fsAt(env2, r.remote), await fsAt(env2, r.local));
    expectFiles(r.remote, [f1, f2, f3]);
    for (const d of dirs) expectTime(mtimeOf(join(r.remote, d)), T1, d);
    expect(env2.ctx.stats.transfers).toBe(0);
  });

  for (const createEmptySrcDirs of [true, false]) {
    it(`a second identical copy transfers nothing and touches no directory (${createEmptySrcDirs ? "with" : "without"} --create-empty-src-dirs)`, async () => {
      const f1 = writeFile(r.local, "sub dir/hello world", "hello world", T1);
      const f2 = writeFile(r.local, "sub dir2/very/very/very/very/very/nested/subdir/hello world", "hello world", T1);
      setMtime(join(r.local, "sub dir"), T2);
      makeDir(r.remote, "sub dir", T3);
      const dirs = ["sub dir", "sub dir2", "sub dir2/very", "sub dir2/very/very", "sub dir2/very/very/very/very/very/nested/subdir"];
      const run = async (): Promise<string[]> => {
        const env = await newEnv();
        await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local), { createEmptySrcDirs });
        for (const d of dirs) expectTime(mtimeOf(join(r.remote, d)), mtimeOf(join(r.local, d)), d);
        return infoLines(env.lines);
      };

      const first = await run();
      expectFiles(r.remote, [f1, f2]);
      expect(first.some((l) => /Copied/.test(l))).toBe(true);
      expect(first.some((l) => /Set directory modification time/.test(l))).toBe(true);
      expect(first.some((l) => /There was nothing to transfer/.test(l))).toBe(false);

      const second = await run();
      expect(second.some((l) => /Copied/.test(l))).toBe(false);
      expect(second.some((l) => /directory/i.test(l))).toBe(false);
      expect(second.some((l) => /There was nothing to transfer/.test(l))).toBe(true);

      // A new file deep in an existing directory and a new empty tree.
      const f3 = writeFile(r.local, "sub dir2/sub dir3/hello world", "hello again, world", T1);
      setMtime(join(r.local, "sub dir2"), T1);
      setMtime(join(r.remote, "sub dir2"), T1);
      makeDir(r.local, "sub dirEmpty/sub dirEmpty2", T2);
      setMtime(join(r.local, "sub dirEmpty"), T2);
      const third = await run();
      expectFiles(r.remote, [f1, f2, f3]);
      expectTime(mtimeOf(join(r.remote, "sub dir2/sub dir3")), mtimeOf(join(r.local, "sub dir2/sub dir3")), "sub dir3");
      if (createEmptySrcDirs) {
        for (const d of ["sub dirEmpty", "sub dirEmpty/sub dirEmpty2"]) expectTime(mtimeOf(join(r.remote, d)), T2, d);
        expect(third.some((l) => /sub dirEmpty: /.test(l))).toBe(true);
      } else {
        expect(third.some((l) => /sub dirEmpty: /.test(l))).toBe(false);
        expect(listTree(r.remote).dirs).not.toContain("sub dirEmpty");
      }
      expect(third.some((l) => /sub dir3: /.test(l))).toBe(true);
      // An unchanged directory is not touched.
      expect(third.some((l) => /sub dir2\/very: /.test(l))).toBe(false);
    });
  }
});
