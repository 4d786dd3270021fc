/**
 * sync: deleting what the source no longer has, when (before, during,
 * after) and when not (errors, dry-run, filters, limits), overlapping
 * remotes, --backup-dir and --track-renames (rclone's fs/sync TestSync*).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsError, isFatal, isKind } from "../../src/fs/errors.js";
import type { GlobalOptions } from "../../src/fs/globals.js";
import { copy, sync } from "../../src/ops/sync.js";
import {
  T1,
  T2,
  T3,
  expectDirs,
  expectFiles,
  fsAt,
  listTree,
  makeDir,
  moved,
  newEnv,
  newRun,
  writeFile,
  type Env,
  type Item,
  type Run,
} from "./helpers.js";

let r: Run;
beforeEach(() => {
  r = newRun();
});
afterEach(() => r.cleanup());

const DASHES = "-".repeat(60);

async function syncOnce(opt: Partial<GlobalOptions> = {}, src = r.local, dst = r.remote): Promise<Env> {
  const env = await newEnv(opt);
  await sync(env.ctx, await fsAt(env, dst), await fsAt(env, src));
  return env;
}

/** One file only in the source, one only in the destination, one in both. */
function removeAndAdd(): { file1: Item; file2: Item; file3: Item } {
  const file1 = writeFile(r.local, "potato2", DASHES, T1);
  const file2 = writeFile(r.remote, "potato", "SMALLER BUT SAME DATE", T2);
  const file3 = writeFile(r.local, "empty space", "-", T2);
  writeFile(r.remote, "empty space", "-", T2);
  return { file1, file2, file3 };
}

/** The same in sub-directories, with extra empty directories on the destination. */
function removeAndAddSubDir(): { file1: Item; file2: Item; file3: Item } {
  const file1 = writeFile(r.local, "a/potato2", DASHES, T1);
  const file2 = writeFile(r.remote, "b/potato", "SMALLER BUT SAME DATE", T2);
  const file3 = writeFile(r.local, "c/non empty space", "AhHa!", T2);
  writeFile(r.remote, "c/non empty space", "AhHa!", T2);
  makeDir(r.remote, "d/e");
  return { file1, file2, file3 };
}

describe("sync deletes", () => {
  it("sync after removing a file and adding one makes the destination match the source", async () => {
    const { file1, file3 } = removeAndAdd();
    await syncOnce();
    expectFiles(r.local, [file1, file3]);
    expectFiles(r.remote, [file1, file3]);
  });

  it("sync --dry-run after removing a file and adding one changes nothing and logs what it would do", async () => {
    const { file1, file2, file3 } = removeAndAdd();
    const env = await syncOnce({ dryRun: true });
    expectFiles(r.local, [file1, file3]);
    expectFiles(r.remote, [file2, file3]);
    expect(env.logged(/NOTICE: potato2: Skipped copy as --dry-run is set/)).toBe(true);
    expect(env.logged(/NOTICE: potato: Skipped delete as --dry-run is set/)).toBe(true);
  });

  it("sync in sub-directories deletes the files and the directories the source no longer has", async () => {
    const { file1, file3 } = removeAndAddSubDir();
    await syncOnce();
    expectFiles(r.local, [file1, file3]);
    expectFiles(r.remote, [file1, file3]);
    expectDirs(r.remote, ["a", "c"]);
  });

  it("sync after an error deletes no file and no directory, and says why", async () => {
    const { file1, file2, file3 } = removeAndAddSubDir();
    const env = await newEnv();
    env.ctx.stats.countError(new Error("boom"));
    const err = await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isKind(err, "notDeleting")).toBe(true);
    expect(env.logged(/ERROR : Local file system at .*: not deleting files as there were IO errors/)).toBe(true);
    expectFiles(r.local, [file1, file3]);
    expectFiles(r.remote, [file1, file2, file3]);
    expectDirs(r.remote, ["a", "b", "c", "d", "d/e"]);
  });

  it("sync --ignore-errors deletes despite an earlier error", async () => {
    const { file1, file3 } = removeAndAddSubDir();
    const env = await newEnv({ ignoreErrors: true });
    env.ctx.stats.countError(new Error("boom"));
    await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.remote, [file1, file3]);
    expectDirs(r.remote, ["a", "c"]);
  });

  it("sync deletes files missing from the source only after all transfers succeed (--delete-after is the default)", async () => {
    const items = ["a", "b", "c", "d", "e"].map((n) => writeFile(r.local, `new-${n}`, `content ${n}`, T1));
    for (const n of ["a", "b", "c", "d", "e"]) writeFile(r.remote, `old-${n}`, `old ${n}`, T1);
    const env = await syncOnce({ transfers: 2, checkers: 2 });
    expectFiles(r.remote, items);
    const lastCopy = Math.max(...env.lines.map((l, i) => (/ Copied \(new\)/.test(l) ? i : -1)));
    const firstDelete = env.lines.findIndex((l) => /: Deleted$/.test(l.trimEnd()));
    expect(lastCopy).toBeGreaterThan(-1);
    expect(firstDelete).toBeGreaterThan(lastCopy);
    expect(env.ctx.stats.deletes).toBe(5);
  });

  it("sync --delete-before deletes everything the source lacks before the first transfer", async () => {
    const { file1, file3 } = removeAndAdd();
    const env = await syncOnce({ deleteBefore: true });
    expectFiles(r.remote, [file1, file3]);
    const deleted = env.lines.findIndex((l) => /potato: Deleted/.test(l));
    const copied = env.lines.findIndex((l) => /potato2: Copied/.test(l));
    expect(deleted).toBeGreaterThan(-1);
    expect(deleted).toBeLessThan(copied);
  });

  it("sync --delete-during deletes while transferring and ends with the same result", async () => {
    const { file1, file3 } = removeAndAdd();
    const env = await syncOnce({ deleteDuring: true });
    expectFiles(r.remote, [file1, file3]);
    expect(env.ctx.stats.deletes).toBe(1);
  });

  it("sync with two delete modes at once is refused", async () => {
    removeAndAdd();
    const env = await newEnv({ deleteBefore: true, deleteAfter: true });
    await expect(sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local))).rejects.toThrow(
      "Only one of --delete-before, --delete-during or --delete-after can be used.",
    );
  });

  it("sync with a filter leaves excluded destination files alone", async () => {
    const file1 = writeFile(r.local, "potato2", DASHES, T1);
    writeFile(r.remote, "potato2", DASHES, T1);
    const file2 = writeFile(r.local, "empty space", "-", T2);
    writeFile(r.remote, "empty space", "-", T2);
    const file3 = writeFile(r.local, "enormous", "A".repeat(100), T1);
    await syncOnce({ maxSize: 40 });
    expectFiles(r.remote, [file1, file2]);
    // The other way round: "enormous" is excluded, so it is not deleted.
    await syncOnce({ maxSize: 40 }, r.remote, r.local);
    expectFiles(r.local, [file1, file2, file3]);
  });

  it("sync --exclude with --delete-excluded deletes the excluded destination files", async () => {
    const file2 = writeFile(r.local, "empty space", "-", T2);
    for (const root of [r.local, r.remote]) {
      writeFile(root, "potato2", DASHES, T1);
      writeFile(root, "empty space", "-", T2);
      writeFile(root, "enormous", "A".repeat(100), T1);
    }
    await syncOnce({ maxSize: 40, deleteExcluded: true });
    expectFiles(r.remote, [file2]);
    await syncOnce({ maxSize: 40, deleteExcluded: true }, r.remote, r.local);
    expectFiles(r.local, [file2]);
  });

  it("sync --exclude leaves a matching destination file and copies no matching source file", async () => {
    const keep = writeFile(r.remote, "notes.tmp", "mine", T1);
    writeFile(r.local, "other.tmp", "not copied", T1);
    const a = writeFile(r.local, "a.txt", "a", T1);
    await syncOnce({ exclude: ["*.tmp"] });
    expectFiles(r.remote, [a, keep]);
  });

  it("sync --max-delete stops with a fatal error once the limit is reached", async () => {
    for (const n of ["one", "two", "three"]) writeFile(r.remote, n, n, T1);
    const env = await newEnv({ maxDelete: 2 });
    const err = await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isKind(err, "maxDeleteReached")).toBe(true);
    expect(isFatal(err)).toBe(true);
    expect(listTree(r.remote).files.size).toBe(1);
    expect(env.ctx.stats.deletes).toBe(2);
  });

  for (const subtest of ["delete", "truncate"] as const) {
    it(`sync with several checkers and transfers ${subtest === "delete" ? "deletes" : "truncates"} many files without errors`, async () => {
      const after: Item[] = [];
      for (let i = 0; i < 20; i++) {
        after.push(writeFile(r.local, `both${i}`, "potato", T1));
        writeFile(r.remote, `both${i}`, "potato", T1);
        writeFile(r.remote, `only${i}`, "potato", T1);
        if (subtest === "truncate") after.push(writeFile(r.local, `only${i}`, "", T1));
      }
      const env = await syncOnce({ checkers: 4, transfers: 4 });
      expect(env.ctx.stats.errors).toBe(0);
      expectFiles(r.remote, after);
    });
  }
});

describe("overlapping remotes", () => {
  it("sync into a sub-directory of the source, out of one into its parent, or onto itself is refused", async () => {
    const sub = join(r.remote, "rclone-sync-test");
    makeDir(r.remote, "rclone-sync-test");
    writeFile(r.remote, "file1", "one", T1);
    for (const [src, dst] of [
      [r.remote, sub],
      [sub, r.remote],
      [r.remote, r.remote],
      [sub, sub],
    ] as const) {
      const env = await newEnv();
      const err = await sync(env.ctx, await fsAt(env, dst), await fsAt(env, src)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isKind(err, "overlapping"), `${src} -> ${dst}`).toBe(true);
      expect(isFatal(err)).toBe(true);
      expect((err as FsError).message).toBe(new FsError("overlapping").message);
    }
    expectFiles(r.remote, [{ path: "file1", content: "one" }]);
  });

  it("sync between overlapping directories is allowed when a filter excludes the inner one", async () => {
    const sub = join(r.remote, "rclone-sync-test");
    makeDir(r.remote, "rclone-sync-test");
    const f1 = writeFile(r.remote, "file1", "one", T1);
    const filter = { filter: ["- /rclone-sync-test/"] };
    await syncOnce(filter, r.remote, sub);
    expectFiles(sub, [f1]);
    await syncOnce(filter, sub, r.remote);
    expectFiles(r.remote, [f1, moved(f1, "rclone-sync-test/file1")]);
    // The same syncs without the filter are refused.
    const env = await newEnv();
    await expect(sync(env.ctx, await fsAt(env, sub), await fsAt(env, r.remote))).rejects.toSatisfy((e: unknown) => isKind(e, "overlapping"));
  });

  it("sync into a sub-directory excluded by --exclude-if-present is allowed", async () => {
    const sub = join(r.remote, "rclone-sync-test-ignore-file");
    writeFile(r.remote, "rclone-sync-test-ignore-file/.ignore", "-", T1);
    const f1 = writeFile(r.remote, "file1", "one", T1);
    await syncOnce({ excludeIfPresent: [".ignore"] }, r.remote, sub);
    expect(listTree(sub).files.get("file1")?.toString()).toBe(f1.content);
    const env = await newEnv();
    await expect(sync(env.ctx, await fsAt(env, sub), await fsAt(env, r.remote))).rejects.toSatisfy((e: unknown) => isKind(e, "overlapping"));
  });
});

describe("--backup-dir and --suffix", () => {
  const cases: { name: string; backupDir: string; suffix: string; keepExt: boolean }[] = [
    { name: "sync --backup-dir moves replaced and deleted files into the backup directory", backupDir: "backup", suffix: "", keepExt: false },
    { name: "sync --backup-dir --suffix adds the suffix to backed-up files", backupDir: "backup", suffix: ".bak", keepExt: false },
    { name: "sync --backup-dir --suffix-keep-extension puts the suffix before the extension", backupDir: "backup", suffix: "-2019-01-01", keepExt: true },
    { name: "sync --suffix alone keeps backups beside the files in the destination", backupDir: "", suffix: ".bak", keepExt: false },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const opt: Partial<GlobalOptions> = { suffix: c.suffix, suffixKeepExtension: c.keepExt };
      let prefix: string;
      if (c.backupDir !== "") {
        opt.backupDir = join(r.remote, c.backupDir);
        prefix = c.backupDir + "/";
      } else {
        // The backups live in the destination: keep the sync from deleting them.
        opt.filter = ["- *" + c.suffix];
        prefix = "dst/";
      }
      const three = (p: string): string => (c.keepExt ? `${p}three${c.suffix}.txt` : `${p}three.txt${c.suffix}`);
      const dst = join(r.remote, "dst");
      const file1 = writeFile(r.remote, "dst/one", "one", T1);
      const file2 = writeFile(r.remote, "dst/two", "two", T1);
      const file3 = writeFile(r.remote, "dst/three.txt", "three", T1);
      writeFile(r.local, "two", "two", T1);
      const file1a = writeFile(r.local, "one", "oneA", T2);

      await syncOnce(opt, r.local, dst);
      expectFiles(r.remote, [moved(file1, `${prefix}one${c.suffix}`), file2, moved(file3, three(prefix)), moved(file1a, "dst/one")]);

      // Again, with a different three in the destination and a new one in the source:
      // the earlier backups are overwritten.
      const file3a = writeFile(r.remote, "dst/three.txt", "threeA", T2);
      const file1b = writeFile(r.local, "one", "oneBB", T3);
      await syncOnce(opt, r.local, dst);
      expectFiles(r.remote, [moved(file1b, "dst/one"), file2, moved(file3a, three(prefix)), moved(file1a, `${prefix}one${c.suffix}`)]);
    });
  }

  it("sync --backup-dir inside the destination is refused", async () => {
    writeFile(r.local, "one", "one", T1);
    const env = await newEnv({ backupDir: join(r.remote, "backup") });
    await expect(sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local))).rejects.toThrow(
      "destination and parameter to --backup-dir mustn't overlap",
    );
  });
});

describe("--track-renames", () => {
  const strategies: { strategy: string; from: string; to: string }[] = [
    { strategy: "hash", from: "yam", to: "yaml" },
    { strategy: "modtime", from: "yam", to: "yaml" },
    { strategy: "leaf", from: "sub/yam", to: "yam" },
  ];
  for (const s of strategies) {
    it(`sync --track-renames (${s.strategy} strategy) renames the destination file instead of copying it`, async () => {
      const opt: Partial<GlobalOptions> = { trackRenames: true, trackRenamesStrategy: s.strategy };
      const f1 = writeFile(r.local, "potato", "Potato Content", T1);
      const f2 = writeFile(r.local, s.from, "Yam Content", T2);
      await syncOnce(opt);
      expectFiles(r.remote, [f1, f2]);

      // Rename locally (content and time unchanged).
      mkdirSync(join(r.local, s.to, ".."), { recursive: true });
      renameSync(join(r.local, s.from), join(r.local, s.to));
      const f2r = moved(f2, s.to);

      const env = await syncOnce(opt);
      expectFiles(r.remote, [f1, f2r]);
      expect(env.ctx.stats.renames).toBe(1);
      expect(env.ctx.stats.transfers).toBe(0);
      expect(env.logged(new RegExp(`INFO  : ${s.to}: Renamed from "${s.from}"`))).toBe(true);
    });
  }

  it("sync --track-renames copies a file whose content matches no destination file", async () => {
    const opt: Partial<GlobalOptions> = { trackRenames: true };
    writeFile(r.local, "yam", "Yam Content", T2);
    await syncOnce(opt);
    renameSync(join(r.local, "yam"), join(r.local, "yaml"));
    const f3 = writeFile(r.local, "yaml", "Other Content", T2);
    const env = await syncOnce(opt);
    expectFiles(r.remote, [f3]);
    expect(env.ctx.stats.renames).toBe(0);
    expect(env.ctx.stats.transfers).toBe(1);
  });

  it("copy --track-renames is ignored with an error log: renames are tracked by sync only", async () => {
    writeFile(r.local, "a", "a", T1);
    const env = await newEnv({ trackRenames: true });
    await copy(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expect(env.logged(/Ignoring --track-renames as it doesn't work with copy or move, only sync/)).toBe(true);
    expectFiles(r.remote, [{ path: "a", content: "a" }]);
  });

  it("sync --track-renames with --delete-before is refused", async () => {
    const env = await newEnv({ trackRenames: true, deleteBefore: true });
    await expect(sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local))).rejects.toThrow("can't use --delete-before with --track-renames");
  });
});

describe("files-from with sync", () => {
  it("sync --files-from copies only the listed files and deletes nothing outside the list", async () => {
    const f1 = writeFile(r.local, "potato2", "hello world", T1);
    writeFile(r.local, "hello world2", "hello world2", T2);
    const keep = writeFile(r.remote, "unlisted", "stays", T1);
    const list = join(r.dir, "files-from.txt");
    writeFileSync(list, "potato2\n");
    await syncOnce({ filesFrom: [list] });
    expectFiles(r.remote, [f1, keep]);
  });
});
