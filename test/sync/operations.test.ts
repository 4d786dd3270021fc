/**
 * The single operations (rclone's fs/operations tests): purge, rmdirs,
 * delete, copyFile/moveFile, check, rcat, cat, touch and hashsum.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isFatal, isKind } from "../../src/fs/errors.js";
import type { GlobalOptions } from "../../src/fs/globals.js";
import type { HashType } from "../../src/fs/hash.js";
import { check, type CheckResult } from "../../src/ops/check.js";
import { hashLister } from "../../src/ops/list.js";
import { cat, deleteAll, purge, rcat, rmdirs, touchDir, touchFile } from "../../src/ops/misc.js";
import { copyFile, moveFile } from "../../src/ops/sync.js";
import {
  T1,
  T2,
  T3,
  expectDirs,
  expectFiles,
  expectTime,
  fsAt,
  isoNs,
  listTree,
  makeDir,
  moved,
  mtimeOf,
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

async function attempt(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** The tree of TestPurge / TestRmdirs: two files and a scattering of empty directories. */
function dirTree(): { file1: Item; file2: Item } {
  const file1 = writeFile(r.remote, "A1/B1/C1/one", "aaa", T1);
  for (const d of ["A2", "A1/B2/C2", "A1/B1/C3", "A3/B3/C4"]) makeDir(r.remote, d);
  const file2 = writeFile(r.remote, "A1/two", "bbb", T2);
  return { file1, file2 };
}

describe("purge", () => {
  it("purge removes a directory with everything in it and nothing else; purging the root empties it", async () => {
    const { file2 } = dirTree();
    const env = await newEnv();
    const f = await fsAt(env, r.remote);
    await purge(env.ctx, f, "A1/B1");
    expectFiles(r.remote, [file2]);
    expectDirs(r.remote, ["A1", "A2", "A1/B2", "A1/B2/C2", "A3", "A3/B3", "A3/B3/C4"]);
    await purge(env.ctx, f, "");
    expect(existsSync(r.remote) ? listTree(r.remote) : { files: new Map(), dirs: [] }).toEqual({ files: new Map(), dirs: [] });
  });

  it("purge --dry-run removes nothing", async () => {
    const { file1, file2 } = dirTree();
    const env = await newEnv({ dryRun: true });
    await purge(env.ctx, await fsAt(env, r.remote), "");
    expectFiles(r.remote, [file1, file2]);
  });
});

describe("rmdirs", () => {
  it("rmdirs removes empty directories (deepest first) and keeps those holding files, and finally the root", async () => {
    const { file1, file2 } = dirTree();
    const env = await newEnv();
    const f = await fsAt(env, r.remote);
    await rmdirs(env.ctx, f, "A3/B3/C4", false);
    expectDirs(r.remote, ["A1", "A1/B1", "A1/B1/C1", "A2", "A1/B2", "A1/B2/C2", "A1/B1/C3", "A3", "A3/B3"]);
    await rmdirs(env.ctx, f, "", false);
    expectFiles(r.remote, [file1, file2]);
    expectDirs(r.remote, ["A1", "A1/B1", "A1/B1/C1"]);

    // With the files gone everything goes, the root included.
    rmSync(join(r.remote, file1.path));
    rmSync(join(r.remote, file2.path));
    await rmdirs(env.ctx, f, "", false);
    expect(existsSync(r.remote)).toBe(false);
  });

  it("rmdirs --leave-root keeps the directory it was given", async () => {
    makeDir(r.remote, "A1/B1/C1");
    const env = await newEnv();
    await rmdirs(env.ctx, await fsAt(env, r.remote), "A1", true);
    expectDirs(r.remote, ["A1"]);
  });

  it("rmdirs with a filter removes only the directories the filter includes", async () => {
    makeDir(r.remote, "A1/B1/C1");
    const env = await newEnv({ filter: ["+ /A1/B1/**", "- *"] });
    await rmdirs(env.ctx, await fsAt(env, r.remote), "", false);
    expectDirs(r.remote, ["A1"]);
  });

  it("rmdirs --dry-run removes nothing", async () => {
    makeDir(r.remote, "A1/B1/C1");
    const env = await newEnv({ dryRun: true });
    await rmdirs(env.ctx, await fsAt(env, r.remote), "", false);
    expectDirs(r.remote, ["A1", "A1/B1", "A1/B1/C1"]);
    expect(env.logged(/Skipped remove directory as --dry-run is set/)).toBe(true);
  });
});

describe("delete", () => {
  function threeSizes(): { small: Item; medium: Item; large: Item } {
    return {
      small: writeFile(r.remote, "small", "1234567890", T2),
      medium: writeFile(r.remote, "medium", DASHES, T1),
      large: writeFile(r.remote, "large", "A".repeat(100), T1),
    };
  }

  it("delete removes only the files the filter includes", async () => {
    const { large } = threeSizes();
    const env = await newEnv({ maxSize: 60 });
    await deleteAll(env.ctx, await fsAt(env, r.remote));
    expectFiles(r.remote, [large]);
  });

  it("delete followed by rmdirs --leave-root (delete --rmdirs) leaves an empty root", async () => {
    writeFile(r.remote, "a/b/c/file", "x", T1);
    writeFile(r.remote, "a/other", "y", T1);
    makeDir(r.remote, "empty");
    const env = await newEnv();
    const f = await fsAt(env, r.remote);
    await deleteAll(env.ctx, f);
    await rmdirs(env.ctx, f, "", true);
    expect(listTree(r.remote)).toEqual({ files: new Map(), dirs: [] });
    expect(env.ctx.stats.deletes).toBe(2);
  });

  it("delete --dry-run deletes nothing and logs each file", async () => {
    const { small, medium, large } = threeSizes();
    const env = await newEnv({ dryRun: true });
    await deleteAll(env.ctx, await fsAt(env, r.remote));
    expectFiles(r.remote, [small, medium, large]);
    expect(env.matching(/Skipped delete as --dry-run is set/)).toHaveLength(3);
  });

  it("delete --max-delete 2 deletes two files and fails fatally on the third", async () => {
    threeSizes();
    const env = await newEnv({ maxDelete: 2 });
    const err = await attempt(deleteAll(env.ctx, await fsAt(env, r.remote)));
    expect(isKind(err, "maxDeleteReached")).toBe(true);
    expect(isFatal(err)).toBe(true);
    expect(listTree(r.remote).files.size).toBe(1);
  });

  it("delete --max-delete-size refuses a file that would cross the limit but still deletes the smaller ones", async () => {
    const { large } = threeSizes();
    const env = await newEnv({ maxDeleteSize: 70 });
    const err = await attempt(deleteAll(env.ctx, await fsAt(env, r.remote)));
    expect(isKind(err, "maxDeleteReached")).toBe(true);
    expectFiles(r.remote, [large]);
  });

  it("delete --max-delete-size stops once the deleted bytes would pass the limit", async () => {
    threeSizes();
    const env = await newEnv({ maxDeleteSize: 160 });
    const err = await attempt(deleteAll(env.ctx, await fsAt(env, r.remote)));
    expect(isKind(err, "maxDeleteReached")).toBe(true);
    expect(listTree(r.remote).files.size).toBe(1);
  });
});

describe("copyFile and moveFile", () => {
  it("moveFile moves a file to a new name, is idempotent, and a move onto itself does nothing", async () => {
    const file1 = writeFile(r.local, "file1", "file1 contents", T1);
    const file2 = moved(file1, "sub/file2");
    const env = await newEnv();
    const [fl, fr] = [await fsAt(env, r.local), await fsAt(env, r.remote)];
    await moveFile(env.ctx, fr, fl, file2.path, file1.path);
    expectFiles(r.local, []);
    expectFiles(r.remote, [file2]);

    writeFile(r.local, "file1", "file1 contents", T1);
    await moveFile(env.ctx, fr, fl, file2.path, file1.path);
    expectFiles(r.local, []);
    expectFiles(r.remote, [file2]);

    await moveFile(env.ctx, fr, fr, file2.path, file2.path);
    expectFiles(r.remote, [file2]);
  });

  it("moveFile with --ignore-existing leaves a changed source where it is", async () => {
    const file1 = writeFile(r.local, "file1", "file1 contents", T1);
    const env = await newEnv({ ignoreExisting: true });
    const [fl, fr] = [await fsAt(env, r.local), await fsAt(env, r.remote)];
    await moveFile(env.ctx, fr, fl, "file1", "file1");
    expectFiles(r.local, []);
    expectFiles(r.remote, [file1]);
    const file1b = writeFile(r.local, "file1", "file1 modified", T2);
    await moveFile(env.ctx, fr, fl, "file1", "file1");
    expectFiles(r.local, [file1b]);
    expectFiles(r.remote, [file1]);
  });

  it("moveFile with --backup-dir moves the file it replaces into the backup directory", async () => {
    const file1 = writeFile(r.local, "dst/file1", "file1 contents", T1);
    const old = writeFile(r.remote, "dst/file1", "file1 contents old", T1);
    const env = await newEnv({ backupDir: join(r.remote, "backup") });
    await moveFile(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local), file1.path, file1.path);
    expectFiles(r.local, []);
    expectFiles(r.remote, [moved(old, "backup/dst/file1"), file1]);
  });

  it("copyFile with --backup-dir keeps the source and backs up the replaced file", async () => {
    const file1 = writeFile(r.local, "dst/file1", "file1 contents", T1);
    const old = writeFile(r.remote, "dst/file1", "file1 contents old", T1);
    const env = await newEnv({ backupDir: join(r.remote, "backup") });
    await copyFile(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local), file1.path, file1.path);
    expectFiles(r.local, [file1]);
    expectFiles(r.remote, [moved(old, "backup/dst/file1"), file1]);
  });

  for (const [suffix, keepExt] of [
    [".bak", false],
    ["-2019-01-01", true],
  ] as const) {
    it(`copyFile with --suffix ${suffix}${keepExt ? " --suffix-keep-extension" : ""} keeps replaced files beside the new ones`, async () => {
      const opt: Partial<GlobalOptions> = { suffix, suffixKeepExtension: keepExt };
      const three = (base: string): string => (keepExt ? `dst/three${suffix}.txt` : `dst/three.txt${suffix}`) + base;
      const file1 = writeFile(r.remote, "dst/one", "one", T1);
      const file2 = writeFile(r.remote, "dst/two", "two", T1);
      const file3 = writeFile(r.remote, "dst/three.txt", "three", T1);
      writeFile(r.local, "two", "two", T1);
      const file1a = writeFile(r.local, "one", "oneA", T2);
      const file3a = writeFile(r.local, "three.txt", "threeA", T1);
      const dst = join(r.remote, "dst");
      const copyAll = async (): Promise<void> => {
        const env = await newEnv(opt);
        const [fd, fl] = [await fsAt(env, dst), await fsAt(env, r.local)];
        for (const n of ["one", "two", "three.txt"]) await copyFile(env.ctx, fd, fl, n, n);
      };
      await copyAll();
      expectFiles(r.remote, [moved(file1, `dst/one${suffix}`), moved(file1a, "dst/one"), file2, moved(file3, three("")), moved(file3a, "dst/three.txt")]);

      const file3b = writeFile(r.local, "three.txt", "threeBDifferentSize", T3);
      const file1b = writeFile(r.local, "one", "oneBB", T3);
      await copyAll();
      expectFiles(r.remote, [moved(file1b, "dst/one"), moved(file3b, "dst/three.txt"), file2, moved(file3a, three("")), moved(file1a, `dst/one${suffix}`)]);
    });
  }

  it("copyFile of an unchanged file transfers nothing, and --dry-run writes nothing", async () => {
    const f = writeFile(r.local, "f", "data", T1);
    const env = await newEnv({ dryRun: true });
    await copyFile(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local), "g", "f");
    expectFiles(r.remote, []);
    const env2 = await newEnv();
    await copyFile(env2.ctx, await fsAt(env2, r.remote), await fsAt(env2, r.local), "g", "f");
    const env3 = await newEnv();
    await copyFile(env3.ctx, await fsAt(env3, r.remote), await fsAt(env3, r.local), "g", "f");
    expect(env3.ctx.stats.transfers).toBe(0);
    expectFiles(r.remote, [moved(f, "g")]);
  });
});

describe("check", () => {
  interface Reports {
    combined: string[];
    missingOnSrc: string[];
    missingOnDst: string[];
    match: string[];
    differ: string[];
    error: string[];
  }
  async function runCheck(opt: Partial<GlobalOptions>, o: { oneWay?: boolean; download?: boolean } = {}): Promise<{ env: Env; err: unknown; rep: Reports; res?: CheckResult }> {
    const env = await newEnv(opt);
    const rep: Reports = { combined: [], missingOnSrc: [], missingOnDst: [], match: [], differ: [], error: [] };
    let res: CheckResult | undefined;
    const err = await attempt(
      check(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local), {
        ...o,
        combined: (l) => rep.combined.push(l),
        missingOnSrc: (p) => rep.missingOnSrc.push(p),
        missingOnDst: (p) => rep.missingOnDst.push(p),
        match: (p) => rep.match.push(p),
        differ: (p) => rep.differ.push(p),
        error: (p) => rep.error.push(p),
      }).then((x) => {
        res = x;
      }),
    );
    for (const k of Object.keys(rep) as (keyof Reports)[]) rep[k].sort();
    return { env, err, rep, ...(res ? { res } : {}) };
  }

  const modes: { name: string; opt: Partial<GlobalOptions>; download: boolean }[] = [
    { name: "check", opt: {}, download: false },
    { name: "check --download", opt: {}, download: true },
    { name: "check --size-only", opt: { sizeOnly: true }, download: false },
  ];
  for (const m of modes) {
    it(`${m.name} reports matching, missing and differing files, one error per difference`, async () => {
      const step = async (wantErrors: number, wantMatches: number, oneWay: boolean, want: Partial<Reports>): Promise<void> => {
        const { env, err, rep } = await runCheck(m.opt, { oneWay, download: m.download });
        expect(err !== undefined, `error returned: ${String(err)}`).toBe(wantErrors > 0);
        expect(rep).toEqual({ combined: [], missingOnSrc: [], missingOnDst: [], match: [], differ: [], error: [], ...want });
        expect(env.ctx.stats.checks).toBe(wantMatches + rep.differ.length);
        if (wantMatches > 0) expect(env.logged(/matching files/)).toBe(true);
        expect(env.ctx.stats.errors).toBe(wantErrors);
      };
      writeFile(r.local, "rutabaga", "is tasty", T3);
      writeFile(r.remote, "rutabaga", "is tasty", T3);
      await step(0, 1, false, { combined: ["= rutabaga"], match: ["rutabaga"] });

      writeFile(r.local, "potato2", DASHES, T1);
      await step(1, 1, false, { combined: ["+ potato2", "= rutabaga"], missingOnDst: ["potato2"], match: ["rutabaga"] });

      writeFile(r.remote, "empty space", "-", T2);
      await step(2, 1, false, { combined: ["+ potato2", "- empty space", "= rutabaga"], missingOnSrc: ["empty space"], missingOnDst: ["potato2"], match: ["rutabaga"] });

      // With --size-only a copy of the same size but other content still matches.
      writeFile(r.remote, "potato2", m.opt.sizeOnly ? "--Some-Differences-But-Size-Only-Is-Enabled-----------------" : DASHES, T1);
      await step(1, 2, false, { combined: ["- empty space", "= potato2", "= rutabaga"], missingOnSrc: ["empty space"], match: ["potato2", "rutabaga"] });

      writeFile(r.local, "empty space", "DIFFER", T2);
      await step(1, 2, false, { combined: ["* empty space", "= potato2", "= rutabaga"], differ: ["empty space"], match: ["potato2", "rutabaga"] });

      writeFile(r.remote, "remotepotato", DASHES, T1);
      await step(2, 2, false, {
        combined: ["* empty space", "- remotepotato", "= potato2", "= rutabaga"],
        missingOnSrc: ["remotepotato"],
        differ: ["empty space"],
        match: ["potato2", "rutabaga"],
      });
      // --one-way ignores what only the destination has.
      await step(1, 2, true, { combined: ["* empty space", "= potato2", "= rutabaga"], differ: ["empty space"], match: ["potato2", "rutabaga"] });
    });
  }

  it("check of identical trees succeeds with counts and the summary lines", async () => {
    for (const root of [r.local, r.remote]) {
      writeFile(root, "a", "aaa", T1);
      writeFile(root, "d/b", "bbb", T2);
    }
    const { env, err, res } = await runCheck({});
    expect(err).toBeUndefined();
    expect(res).toMatchObject({ differences: 0, matches: 2, srcFilesMissing: 0, dstFilesMissing: 0 });
    expect(env.logged(/NOTICE: Local file system at .*: 0 differences found/)).toBe(true);
    expect(env.logged(/NOTICE: Local file system at .*: 2 matching files/)).toBe(true);
  });

  it("check --download notices content that differs though the size is the same", async () => {
    writeFile(r.local, "f", "abcdef", T1);
    writeFile(r.remote, "f", "abcdeF", T1);
    const { err, rep } = await runCheck({}, { download: true });
    expect(String(err)).toMatch(/1 differences found/);
    expect(rep.differ).toEqual(["f"]);
  });
});

describe("rcat", () => {
  for (const [name, size] of [
    ["small", -1],
    ["large", -1],
    ["small", 34],
  ] as const) {
    it(`rcat uploads a ${name} stream${size >= 0 ? " of known size" : ""} with the given modification time`, async () => {
      const env = await newEnv();
      const data = name === "small" ? Buffer.from("this is some really nice test data") : Buffer.alloc(env.ctx.opt.streamingUploadCutoff + 1);
      const path = `${name}_file_from_pipe`;
      const t = name === "small" ? T1 : T2;
      const o = await rcat(env.ctx, await fsAt(env, r.remote), path, Readable.from([data]), t, size);
      expect(o?.size).toBe(data.length);
      expect(o?.remote).toBe(path);
      expectFiles(r.remote, [{ path, content: data, mtime: t }]);
    });
  }

  it("rcat of a stream split in many chunks keeps every byte in order", async () => {
    const env = await newEnv();
    const chunks = Array.from({ length: 300 }, (_, i) => Buffer.alloc(1000, i % 251));
    await rcat(env.ctx, await fsAt(env, r.remote), "chunks", Readable.from(chunks), T1);
    expectFiles(r.remote, [{ path: "chunks", content: Buffer.concat(chunks), mtime: T1 }]);
  });

  it("rcat of a stream shorter than its declared size fails and leaves no file", async () => {
    const env = await newEnv();
    const err = await attempt(rcat(env.ctx, await fsAt(env, r.remote), "potato1", Readable.from([Buffer.from(DASHES)]), T1, 2 * DASHES.length));
    expect(err).toBeInstanceOf(Error);
    expect(env.ctx.stats.errors).toBe(1);
    expectFiles(r.remote, []);
  });

  it("rcat --dry-run uploads nothing", async () => {
    const env = await newEnv({ dryRun: true });
    await rcat(env.ctx, await fsAt(env, r.remote), "x", Readable.from([Buffer.from("data")]), T1);
    expectFiles(r.remote, []);
  });
});

describe("cat", () => {
  const cases: [number, number, string, string, string][] = [
    [0, -1, "", "ABCDEFGHIJ", "012345678"],
    [0, 5, "", "ABCDE", "01234"],
    [-3, -1, "", "HIJ", "678"],
    [1, 3, "", "BCD", "123"],
    [0, -1, "\n", "ABCDEFGHIJ", "012345678"],
  ];
  for (const [offset, count, separator, a, b] of cases) {
    it(`cat with offset ${offset}, count ${count}${separator ? " and a separator" : ""} writes that part of each file`, async () => {
      writeFile(r.remote, "file1", "ABCDEFGHIJ", T1);
      writeFile(r.remote, "file2", "012345678", T2);
      const env = await newEnv();
      const out: Buffer[] = [];
      await cat(env.ctx, await fsAt(env, r.remote), (b) => void out.push(Buffer.from(b)), { offset, count, separator, discard: false });
      const got = Buffer.concat(out).toString();
      expect([a + separator + b + separator, b + separator + a + separator]).toContain(got);
    });
  }
});

describe("touch", () => {
  it("touch creates an empty file with the given time, and sets the time of an existing one", async () => {
    const env = await newEnv();
    const f = await fsAt(env, r.remote);
    const t = isoNs("2010-09-08T07:06:05.000004Z");
    await touchFile(env.ctx, f, "new", t, false);
    expectFiles(r.remote, [{ path: "new", content: "", mtime: t }]);
    const existing = writeFile(r.remote, "existing", "keep me", T1);
    await touchFile(env.ctx, f, "existing", T2, false);
    expectFiles(r.remote, [{ path: "new", content: "", mtime: t }, { ...existing, mtime: T2 }]);
  });

  it("touch --no-create does not make a missing file", async () => {
    const env = await newEnv();
    await touchFile(env.ctx, await fsAt(env, r.remote), "missing", T1, true);
    expectFiles(r.remote, []);
  });

  it("touch of a directory sets the time of every file below it", async () => {
    const items = [writeFile(r.remote, "potato2", DASHES, T1), writeFile(r.remote, "empty space", "-", T2), writeFile(r.remote, "sub dir/potato3", "hello", T2)];
    const env = await newEnv();
    const t = isoNs("2010-09-08T07:06:05.000004Z");
    await touchDir(env.ctx, await fsAt(env, r.remote), t);
    expect(env.ctx.stats.errors).toBe(0);
    expectFiles(
      r.remote,
      items.map((i) => ({ ...i, mtime: t })),
    );
  });

  it("touch --dry-run changes no time", async () => {
    writeFile(r.remote, "existing", "keep me", T1);
    const env = await newEnv({ dryRun: true });
    await touchFile(env.ctx, await fsAt(env, r.remote), "existing", T2, false);
    expectTime(mtimeOf(join(r.remote, "existing")), T1);
  });
});

describe("hashsum", () => {
  const cases: { ht: HashType; base64: boolean; want: string[] }[] = [
    { ht: "md5", base64: false, want: ["336d5ebc5436534e61d16e63ddfca327  empty space\n", "d6548b156ea68a4e003e786df99eee76  potato2\n"] },
    { ht: "sha1", base64: false, want: ["3bc15c8aae3e4124dd409035f32ea2fd6835efc9  empty space\n", "9dc7f7d3279715991a22853f5981df582b7f9f6d  potato2\n"] },
    { ht: "quickxor", base64: false, want: ["2d00000000000000000000000100000000000000  empty space\n", "4001dad296b6b4a52d6d694b67dad296b6b4a52d  potato2\n"] },
    { ht: "quickxor", base64: true, want: ["LQAAAAAAAAAAAAAAAQAAAAAAAAA=  empty space\n", "QAHa0pa2tKUtbWlLZ9rSlra0pS0=  potato2\n"] },
  ];
  for (const c of cases) {
    for (const download of [false, true]) {
      it(`hashsum ${c.ht}${download ? " --download" : ""}${c.base64 ? " --base64" : ""} prints one line per file`, async () => {
        writeFile(r.remote, "potato2", DASHES, T1);
        writeFile(r.remote, "empty space", "-", T2);
        const env = await newEnv();
        let out = "";
        await hashLister(env.ctx, c.ht, c.base64, download, await fsAt(env, r.remote), (s) => {
          out += s;
        });
        for (const line of c.want) expect(out).toContain(line);
        expect(out.split("\n").filter((l) => l !== "")).toHaveLength(2);
      });
    }
  }
});
