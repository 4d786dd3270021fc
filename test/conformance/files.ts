/**
 * The FsPutFiles group of the conformance suite: with file1 and file2 in
 * place, listings at every level, lookups, moves, the Object methods,
 * IsFile roots and listing from the remote's root.
 */
import { describe, expect, it } from "vitest";
import { isKind } from "../../src/fs/errors.js";
import { newFsFile, newFsFromPath } from "../../src/fs/newfs.js";
import type { Fs, Metadata, Obj } from "../../src/fs/types.js";
import { MODTIME_NOT_SUPPORTED } from "../../src/fs/types.js";
import {
  checkFingerprint,
  checkItem,
  checkListing,
  formatTime,
  joinRoot,
  makeItem,
  names,
  nowNs,
  parseTime,
  purge,
  putChecked,
  randomString,
  readObject,
  readerOf,
  retry,
  splitRoot,
  staticInfo,
  timeClose,
  walkAll,
  type Item,
} from "./helpers.js";
import { FILE1_TIME, type SuiteState } from "./suite.js";
import { registerObjectTests } from "./objects.js";
import { parseGoTime, GoLayout } from "../../src/lib/gotime.js";

const FILE2_DIRS = [
  "hello? sausage",
  "hello? sausage/êé",
  "hello? sausage/êé/Hello, 世界",
  `hello? sausage/êé/Hello, 世界/ " ' @ < > & ? + ≠`,
];

/** Parent directory of a slash path ("" at the top). */
const dirOf = (p: string): string => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");

/** Metadata's time values (RFC 3339 in any zone) as ns. */
export const metaTime = (v: string | undefined): bigint => parseGoTime(v ?? "", GoLayout.RFC3339Nano);

/** Checks metadata as rclone's CheckEntryMetadata: times within precision, user keys when the Fs keeps them. */
export async function checkEntryMetadata(f: Fs, got: Metadata | undefined, want: Metadata, isDir: boolean): Promise<void> {
  expect(got).toBeDefined();
  for (const [k, v] of Object.entries(want)) {
    if (k === "mtime" || k === "atime" || k === "btime" || k === "ctime") {
      expect(timeClose(metaTime(v), metaTime(got![k]), f.precision()), `${k}: want ${v} got ${got![k]}`).toBe(true);
    } else if ((isDir && f.features.userDirMetadata) || (!isDir && f.features.userMetadata)) {
      expect(got![k], `metadata ${k}`).toBe(v);
    }
  }
}

/** Puts random content at item.path and returns [content, object]. */
export async function putRandom(f: Fs, item: Item, metadata?: Metadata): Promise<[string, Obj]> {
  const content = randomString(100);
  const fresh = await makeItem(item.path, content, item.modTime, f.hashes());
  item.hashes = fresh.hashes;
  item.size = fresh.size;
  const o = await putChecked(f, item, content, metadata ? { metadata } : undefined);
  return [content, o];
}

export function registerFileTests(s: SuiteState): void {
  describe("FsPutFiles", () => {
    it("puts file1 and file2, then file1 again with metadata", async (t) => {
      if (!s.ok.mkdir) t.skip("FsMkdir failed");
      [s.file1Contents] = await putRandom(s.f, s.file1);
      await putRandom(s.f, s.file2);
      const meta = s.f.features.writeMetadata ? { rclonetest: "potato" } : undefined;
      [s.file1Contents] = await putRandom(s.f, s.file1, meta);
      s.ok.files = true;
    });

    const need = (t: { skip: (note?: string) => void }): void => {
      if (!s.ok.files) t.skip("FsPutFiles failed");
    };

    const listDirFile2 = async (): Promise<void> => {
      let dir = s.file2.path;
      let deepest = true;
      while (dir !== "") {
        const child = dir;
        dir = dirOf(dir);
        const wantObjs: string[] = [];
        const wantDirs: string[] = [];
        if (dir === "") wantObjs.push(s.file1.path);
        if (deepest) {
          wantObjs.push(s.file2.path);
          deepest = false;
        } else wantDirs.push(child);
        const { objs, dirs } = await walkAll(s.f, dir, 1);
        expect(names(objs)).toEqual(wantObjs.sort());
        expect(names(dirs)).toEqual(wantDirs);
      }
    };
    it("FsListDirFile2", async (t) => {
      need(t);
      await listDirFile2();
    });
    it("FsListRDirFile2", async (t) => {
      need(t);
      if (!s.f.features.listR) t.skip("no ListR");
      await listDirFile2();
    });

    it("FsListR", async (t) => {
      need(t);
      const { objs, dirs } = await walkAll(s.f, "");
      expect(names(dirs)).toEqual(FILE2_DIRS);
      expect(names(objs)).toEqual([s.file1.path, s.file2.path]);
    });

    it("FsListRSubdir", async (t) => {
      need(t);
      const { objs, dirs } = await walkAll(s.f, "hello? sausage");
      expect(names(dirs)).toEqual(FILE2_DIRS.slice(1));
      expect(names(objs)).toEqual([s.file2.path]);
    });

    it("FsListDirRoot", async (t) => {
      need(t);
      const rootFs = await newFsFromPath(s.parent, s.ctx);
      const { dirs } = await walkAll(rootFs, "", 1);
      expect(names(dirs)).toContain(s.leaf);
    });

    it("FsListSubdir", async (t) => {
      need(t);
      const { objs, dirs } = await walkAll(s.f, dirOf(s.file2.path));
      expect(objs.map((o) => o.remote)).toEqual([s.file2.path]);
      expect(dirs).toHaveLength(0);
    });

    it("FsListLevel2", async (t) => {
      need(t);
      const { objs, dirs } = await walkAll(s.f, "", 2);
      expect(names(objs)).toEqual([s.file1.path]);
      expect(names(dirs)).toEqual(FILE2_DIRS.slice(0, 2));
    });

    it("FsListFile1", async (t) => {
      need(t);
      await checkListing(s.f, [s.file1, s.file2]);
    });

    it("FsNewObject", async (t) => {
      need(t);
      await checkItem(s.file1, await s.f.newObject(s.file1.path), s.f.precision());
    });

    it("FsNewObjectCaseInsensitive", async (t) => {
      need(t);
      if (!s.f.features.caseInsensitive) t.skip("not case insensitive");
      const upper = (p: string): string => p.replace(/[a-z]/g, (c) => c.toUpperCase());
      await checkItem(s.file1, await s.f.newObject(upper(s.file1.path)), s.f.precision());
      await checkItem(s.file2, await s.f.newObject(upper(s.file2.path)), s.f.precision());
    });

    it("FsListFile1and2", async (t) => {
      need(t);
      await checkListing(s.f, [s.file1, s.file2]);
    });

    it("FsNewObjectDir", async (t) => {
      need(t);
      await expect(s.f.newObject(dirOf(s.file2.path))).rejects.toSatisfy(
        (e: unknown) => isKind(e, "isDir") || isKind(e, "objectNotFound"),
      );
    });

    it("FsPurge", async (t) => {
      need(t);
      if (!s.f.features.purge) t.skip("no Purge");
      const item = await makeItem("dirToPurge/fileToPurge.txt", "", FILE1_TIME, s.f.hashes());
      await putRandom(s.f, item);
      await checkListing(s.f, [s.file1, s.file2, item], ["dirToPurge", ...FILE2_DIRS]);
      await s.f.features.purge!("dirToPurge");
      await checkListing(s.f, [s.file1, s.file2], FILE2_DIRS);
    });

    it("FsPurgeRoot", async (t) => {
      need(t);
      if (!s.f.features.purge) t.skip("no Purge");
      const item = await makeItem("dirToPurgeFromRoot/fileToPurgeFromRoot.txt", "", FILE1_TIME, s.f.hashes());
      await putRandom(s.f, item);
      const fp = await newFsFromPath(joinRoot(s.sub, "dirToPurgeFromRoot"), s.ctx);
      await fp.features.purge!("");
      await checkListing(s.f, [s.file1, s.file2], FILE2_DIRS);
    });

    it("FsListRootedSubdir", async (t) => {
      need(t);
      const nf = await newFsFromPath(joinRoot(s.sub, "hello? sausage/êé"), s.ctx);
      const nested = await makeItem("a/b/c/d/e.txt", "", FILE1_TIME, nf.hashes());
      await putRandom(nf, nested);
      const { objs, dirs } = await walkAll(nf, "", 10);
      expect(names(objs)).toEqual([`Hello, 世界/ " ' @ < > & ? + ≠/z.txt`, nested.path]);
      expect(names(dirs)).toEqual([`Hello, 世界`, `Hello, 世界/ " ' @ < > & ? + ≠`, "a", "a/b", "a/b/c", "a/b/c/d"]);
      await purge(nf, "a");
    });

    it("FsCopy", async (t) => {
      need(t);
      const copy = s.f.features.copy;
      if (!copy) t.skip("no Copy");
      const src = await s.f.newObject(s.file2.path);
      const dst = await copy!(src, s.file2.path + "-copy");
      const file2Copy = { ...s.file2, path: s.file2.path + "-copy" };
      await checkListing(s.f, [s.file1, s.file2, file2Copy]);
      expect(dst.remote).toBe(file2Copy.path);
      await checkFingerprint(dst, await s.f.newObject(file2Copy.path));
      await dst.setModTime(parseTime("2004-03-03T04:05:06.499999999Z"));
      const srcAgain = await s.f.newObject(src.remote);
      expect(await srcAgain.modTime()).not.toBe(await dst.modTime());
      await dst.remove();
    });

    describe("FsMove", () => {
      it("renames back and forth", async (t) => {
        need(t);
        const move = s.f.features.move;
        if (!move) t.skip("no Move");
        const f = s.f;
        const file2Move = { ...s.file2, path: "other.txt" };
        const dst = await move!(await f.newObject(s.file2.path), file2Move.path);
        await checkListing(f, [s.file1, file2Move]);
        expect(dst.remote).toBe(file2Move.path);
        await checkFingerprint(dst, await f.newObject(file2Move.path));
        const file1Move = { ...s.file1, path: "moveTest/other.txt" };
        await move!(await f.newObject(s.file1.path), file1Move.path);
        await checkListing(f, [file1Move, file2Move]);
        await move!(await f.newObject(file1Move.path), s.file1.path);
        await checkListing(f, [s.file1, file2Move]);
        await move!(await f.newObject(file2Move.path), s.file2.path);
        await checkListing(f, [s.file1, s.file2]);
        await f.rmdir("moveTest");
      });

      // rclone also applies --metadata-set during the move; the contract's move takes no options, so
      // this checks that user metadata travels with the object instead.
      it("Metadata", async (t) => {
        need(t);
        const move = s.f.features.move;
        if (!move || !s.f.features.writeMetadata) t.skip("no Move or no WriteMetadata");
        const f = s.f;
        const t1 = parseTime("2003-02-03T04:05:06.499999999Z");
        const meta = { mtime: formatTime(t1), potato: "jersey" };
        const item = await makeItem("test metadata move.txt", "", t1, f.hashes());
        const [, o] = await putRandom(f, item, meta);
        await checkEntryMetadata(f, await o.metadata?.(), meta, false);
        const moved = await move!(o, "test metadata moved.txt");
        await checkListing(f, [s.file1, s.file2, { ...item, path: "test metadata moved.txt" }]);
        await checkEntryMetadata(f, await moved.metadata?.(), meta, false);
        const again = await f.newObject("test metadata moved.txt");
        await checkEntryMetadata(f, await again.metadata?.(), meta, false);
        await checkFingerprint(moved, again);
        await again.remove();
      });
    });

    it("FsDirMove", async (t) => {
      need(t);
      const dirMove = s.f.features.dirMove;
      if (!dirMove) t.skip("no DirMove");
      const f = s.f;
      await expect(dirMove!(f, "", "")).rejects.toSatisfy((e: unknown) => isKind(e, "dirExists"));
      const newRoot = joinRoot(s.parent, "rclone-test-" + randomString(12).toLowerCase());
      const nf = await newFsFromPath(newRoot, s.ctx);
      const newName = "new_name/sub_new_name";
      try {
        await nf.features.dirMove!(f, "", newName);
        await expect(f.list("")).rejects.toSatisfy((e: unknown) => isKind(e, "dirNotFound"));
        const moved = (i: Item): Item => ({ ...i, path: `${newName}/${i.path}` });
        await checkListing(
          nf,
          [moved(s.file1), moved(s.file2)],
          ["new_name", "new_name/sub_new_name", ...FILE2_DIRS.map((d) => `${newName}/${d}`)],
          nf.precision(),
        );
        await dirMove!(nf, newName, "");
        await checkListing(f, [s.file1, s.file2], FILE2_DIRS, f.precision());
        await checkListing(nf, [], ["new_name"], nf.precision());
      } finally {
        await purge(nf, "").catch(() => undefined);
      }
    });

    it("FsRmdirFull", async (t) => {
      need(t);
      await expect(s.f.rmdir("")).rejects.toBeDefined();
    });

    it("FsPrecision", (t) => {
      need(t);
      const p = s.f.precision();
      if (p === MODTIME_NOT_SUPPORTED) return;
      expect(p > 0n && p <= 1_000_000_000n, `precision ${p}`).toBe(true);
    });

    registerObjectTests(s, need);

    it("FsIsFile", async (t) => {
      need(t);
      const path = joinRoot(s.sub, s.file2.path);
      const { fs: fileFs, file } = await newFsFile(path, s.ctx);
      expect(file).toBe("z.txt");
      const [parentDir] = splitRoot(path);
      if (s.isLocal) expect(fileFs.root.split("/").pop()).toBe(parentDir.split("/").pop());
      else expect(fileFs.root).toBe(parentDir.slice(parentDir.lastIndexOf(":") + 1));
      await checkListing(fileFs, [{ ...s.file2, path: "z.txt" }]);
    });

    it("FsIsFileNotFound", async (t) => {
      need(t);
      const { fs: nf, file } = await newFsFile(joinRoot(s.sub, "not found.txt"), s.ctx);
      expect(file).toBeUndefined();
      await checkListing(nf, []);
    });

    describe("FromRoot", () => {
      let rootFs: Fs | undefined;
      const leafItems = (): [Item, Item, string[]] => [
        { ...s.file1, path: `${s.leaf}/${s.file1.path}` },
        { ...s.file2, path: `${s.leaf}/${s.file2.path}` },
        FILE2_DIRS.map((d) => `${s.leaf}/${d}`),
      ];
      const getRoot = async (t: { skip: (n?: string) => void }): Promise<Fs> => {
        need(t);
        if (s.f.features.bucketBased && !s.f.features.bucketBasedRootOK) t.skip("can't list from root");
        rootFs ??= await newFsFromPath(splitRoot(s.sub)[0], s.ctx);
        return rootFs;
      };

      it("List", async (t) => {
        const r = await getRoot(t);
        const [f1, f2, dirs] = leafItems();
        await checkListing(r, [f1, f2], dirs, r.precision(), s.leaf);
      });

      it("ListEntries", async (t) => {
        const r = await getRoot(t);
        const [f1, , dirs] = leafItems();
        const entries = await r.list(s.leaf);
        expect(names(entries.filter((e) => !e.isDir))).toEqual([f1.path]);
        expect(names(entries.filter((e) => e.isDir))).toEqual([dirs[0]!]);
      });

      it("ListR", async (t) => {
        const r = await getRoot(t);
        const listR = r.features.listR;
        if (!listR) t.skip("no ListR");
        const seen = new Set<string>();
        await listR!("", (entries) => {
          for (const e of entries) seen.add(e.remote);
        }).catch(() => undefined);
        const [f1, f2] = leafItems();
        expect(seen.has(f1.path) && seen.has(f2.path)).toBe(true);
      });

      it("Put and Remove", async (t) => {
        const r = await getRoot(t);
        const [f1, f2] = leafItems();
        const item = await makeItem(`${s.leaf}/created from root.txt`, "", nowNs(), r.hashes());
        const [, o] = await putRandom(r, item);
        await checkListing(r, [f1, f2, item], undefined, r.precision(), s.leaf);
        await o.remove();
        await checkListing(r, [f1, f2], undefined, r.precision(), s.leaf);
      });
    });

    it("PublicLink", async (t) => {
      need(t);
      const link = s.f.features.publicLink;
      if (!link) t.skip("no PublicLink");
      await expect(link!("not-found.txt", undefined, false)).rejects.toBeDefined();
      const l1 = await link!(s.file1.path, undefined, false);
      const l2 = await link!(s.file2.path, undefined, false);
      expect(l1).not.toBe(l2);
    });

    it.skip("SetTier (the fs contract has no tiers yet)", () => undefined);

    it("ObjectCheckWrap", async (t) => {
      need(t);
      if (!s.f.features.unWrap) t.skip("not a wrapping Fs");
      const o = await s.f.newObject(s.file1.path);
      expect(o.unwrap).toBeTypeOf("function");
    });

    it("Bucket", (t) => {
      const ft = s.f.features;
      if (!ft.bucketBased || ft.canHaveEmptyDirectories || !ft.doubleSlash) t.skip("not a bucket store with // paths");
    });

    it("ObjectRemove", async (t) => {
      need(t);
      await (await s.f.newObject(s.file1.path)).remove();
      await checkListing(s.f, [s.file2], undefined, MODTIME_NOT_SUPPORTED);
    });

    it("ObjectAbout", async (t) => {
      need(t);
      const about = s.f.features.about;
      if (!about) t.skip("no About");
      const u = await about!();
      expect(u).toBeDefined();
      expect(u.total).not.toBe(0);
    });

    describe("FsPutStream", () => {
      for (const size of [0, 100]) {
        it(String(size), async (t) => {
          need(t);
          const putStream = s.f.features.putStream;
          if (!putStream) t.skip("no PutStream");
          const content = randomString(size);
          const item = await makeItem("piped data.txt", content, FILE1_TIME, s.f.hashes());
          const o = await retry("PutStream", () => putStream!(readerOf(content), staticInfo(item.path, item.modTime, -1)));
          await checkItem(item, o, s.f.precision());
          const again = await s.f.newObject(item.path);
          await checkItem(item, again, s.f.precision());
          await checkFingerprint(o, again);
          expect(await readObject(again)).toBe(content);
          await again.remove();
        });
      }
    });
  });
}
