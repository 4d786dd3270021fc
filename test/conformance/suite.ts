/**
 * The conformance suite every backend runs: rclone's fstests
 * (fstest/fstests/fstests.go, reference §8) in the same order, written
 * against the fs contract only. A backend plugs in by naming a root —
 * a local directory, or `remote:path` — under which the suite makes a
 * random sub-directory to work in:
 *
 *   runConformance({ name: "local", makeRoot: async () => "/tmp/x" });
 *
 * Tests of optional features skip themselves when the Fs lacks them; tests a
 * parent depends on skip when the parent failed, as Go's nested t.Run does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBaseContext, type Context } from "../../src/fs/context.js";
import { isKind } from "../../src/fs/errors.js";
import { Logger } from "../../src/fs/log.js";
import { newFsFromPath, resolveRemote } from "../../src/fs/newfs.js";
import { parsePath } from "../../src/fs/path.js";
import type { Fs } from "../../src/fs/types.js";
import { ENCODE_STANDARD, encoderFor } from "../../src/lib/encoder.js";
import { registerFileTests } from "./files.js";
import {
  checkListing,
  failingReader,
  joinRoot,
  makeItem,
  nowNs,
  parseTime,
  purge,
  putChecked,
  randomString,
  readAll,
  readObject,
  readerOf,
  staticInfo,
  walkAll,
  names,
  type Item,
} from "./helpers.js";
import { registerTailTests } from "./tail.js";

/** How a backend plugs into the suite. */
export interface ConformanceOptions {
  /** Label of the describe block. */
  name: string;
  /** Makes (or names) the root to test under: a local path or `remote:path`. */
  makeRoot: () => Promise<string>;
  /** Tidies up after the run (e.g. removes the temporary root). */
  cleanup?: (root: string) => Promise<void>;
  /** The context Fs objects are made with (default: quiet, default options). */
  context?: () => Context;
  /** Skip the invalid UTF-8 name of FsEncoding (backends that cannot store it). */
  skipInvalidUtf8?: boolean;
  /** Skip the leading-dot name of FsEncoding. */
  skipLeadingDot?: boolean;
}

/** The state the tests share; filled in as they run. */
export interface SuiteState {
  opts: ConformanceOptions;
  ctx: Context;
  f: Fs;
  /** The root given by the backend, and the random leaf under it the Fs is rooted at. */
  parent: string;
  leaf: string;
  sub: string;
  isLocal: boolean;
  file1: Item;
  file2: Item;
  file1Contents: string;
  /** Set by a parent test when it passed, so that its children may run. */
  ok: { mkdir: boolean; files: boolean };
  purged: boolean;
}

export const FILE1_PATH = "file name.txt";
export const FILE2_PATH = `hello? sausage/êé/Hello, 世界/ " ' @ < > & ? + ≠/z.txt`;
export const FILE1_TIME = parseTime("2001-02-03T04:05:06.499999999Z");
export const FILE2_TIME = parseTime("2001-02-03T04:05:10.123123123Z");

/** A context whose log lines are kept (for debugging a failure) instead of printed. */
export function quietContext(): Context {
  const log = new Logger();
  log.sink = () => undefined;
  return newBaseContext({}, log);
}

/** The name FsName expects: "local" for a path, else the config name before ':' and ','. */
function expectedName(s: SuiteState): string {
  if (s.isLocal) return "local";
  const colon = s.parent.lastIndexOf(":");
  const name = s.parent.slice(0, colon);
  const comma = name.indexOf(",");
  return comma >= 0 ? name.slice(0, comma) : name;
}

/** The odd names of FsEncoding, as raw (not yet Standard-encoded) strings. */
const ENCODING_CASES: [string, string][] = [
  ["control chars", Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("") + "\x7f"],
  ["dot", "."],
  ["dot dot", ".."],
  ["punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
  ["leading space", " leading space"],
  ["leading tilde", "~leading tilde"],
  ["leading CR", "\rleading CR"],
  ["leading LF", "\nleading LF"],
  ["leading HT", "\tleading HT"],
  ["leading VT", "\vleading VT"],
  ["leading dot", ".leading dot"],
  ["trailing space", "trailing space "],
  ["trailing CR", "trailing CR\r"],
  ["trailing LF", "trailing LF\n"],
  ["trailing HT", "trailing HT\t"],
  ["trailing VT", "trailing VT\v"],
  ["trailing dot", "trailing dot."],
  // The byte 0xFE, carried as a lone surrogate (fs/names.ts).
  ["invalid UTF-8", "invalid utf-8\udcfe"],
  ["URL encoding", "test%46.txt"],
];

/** Registers the whole suite for one backend. */
export function runConformance(opts: ConformanceOptions): void {
  const s = {
    opts,
    ok: { mkdir: false, files: false },
    purged: false,
    file1Contents: "",
  } as SuiteState;

  describe(`conformance: ${opts.name}`, () => {
    beforeAll(async () => {
      s.ctx = opts.context?.() ?? quietContext();
      s.parent = await opts.makeRoot();
      s.leaf = "rclone-test-" + randomString(12).toLowerCase();
      s.sub = joinRoot(s.parent, s.leaf);
      s.isLocal = parsePath(s.sub).name === "";
      s.f = await newFsFromPath(s.sub, s.ctx);
      const set = s.f.hashes();
      s.file1 = await makeItem(FILE1_PATH, "", FILE1_TIME, set);
      s.file2 = await makeItem(FILE2_PATH, "", FILE2_TIME, set);
    });

    afterAll(async () => {
      if (s.f && !s.purged) await purge(s.f, "").catch(() => undefined);
      await opts.cleanup?.(s.parent);
    });

    it("FsCheckWrap", (t) => {
      const ft = s.f.features;
      if (!ft.unWrap && !ft.overlay) t.skip("not a wrapping Fs");
      const ops = ["purge", "copy", "move", "dirMove", "putStream", "about", "dirSetModTime", "listR", "cleanUp"] as const;
      for (const op of ops) expect(ft[op], `missing Fs wrapper for ${op}`).toBeTypeOf("function");
    });

    it("FsCommand", async (t) => {
      const cmd = s.f.features.command;
      if (!cmd) t.skip("no commands in this remote");
      await expect(cmd!("NOTFOUND", [], {})).rejects.toSatisfy((e: unknown) => isKind(e, "commandNotFound"));
      expect(resolveRemote(s.sub).reg.commandHelp?.length ?? 0).toBeGreaterThan(0);
    });

    it("FsRmdirNotFound", async () => {
      await expect(s.f.rmdir("")).rejects.toBeDefined();
    });

    it("(setup) Mkdir makes the root, which lists empty", async () => {
      await s.f.mkdir("");
      await checkListing(s.f, []);
    });

    it("FsString", () => {
      expect(s.f.toString()).not.toBe("");
    });

    it("FsName", () => {
      expect(s.f.name.replace(/\{[^}]*\}/, "")).toBe(expectedName(s));
    });

    it("FsRoot", () => {
      if (s.isLocal) expect(s.f.root.split("/").pop()).toBe(s.leaf);
      else expect(s.f.root).toBe(s.sub.slice(s.sub.lastIndexOf(":") + 1));
    });

    it("FsRmdirEmpty", async () => {
      await s.f.rmdir("");
    });

    describe("FsMkdir", () => {
      it("Mkdir twice is fine and the root lists empty", async () => {
        await s.f.mkdir("");
        await checkListing(s.f, []);
        await s.f.mkdir("");
        s.ok.mkdir = true;
      });

      it("FsMkdirRmdirSubdir", async (t) => {
        if (!s.ok.mkdir) t.skip("FsMkdir failed");
        const f = s.f;
        await f.mkdir("dir/subdir");
        await checkListing(f, [], ["dir", "dir/subdir"]);
        await f.rmdir("dir/subdir");
        await checkListing(f, [], ["dir"]);
        await f.rmdir("dir");
        await checkListing(f, [], []);
      });

      it("FsListEmpty", async () => {
        await checkListing(s.f, []);
      });

      const listDirEmpty = async (): Promise<void> => {
        try {
          const { objs, dirs } = await walkAll(s.f, "", 1);
          expect(names(objs)).toEqual([]);
          expect(names(dirs)).toEqual([]);
        } catch (err) {
          if (s.f.features.canHaveEmptyDirectories || !isKind(err, "dirNotFound")) throw err;
        }
      };
      it("FsListDirEmpty", listDirEmpty);
      it("FsListRDirEmpty", async (t) => {
        if (!s.f.features.listR) t.skip("no ListR");
        await listDirEmpty();
      });

      const listDirNotFound = async (): Promise<void> => {
        const p = walkAll(s.f, "does not exist", 1);
        if (s.f.features.canHaveEmptyDirectories) {
          await expect(p).rejects.toSatisfy((e: unknown) => isKind(e, "dirNotFound"));
        } else {
          try {
            const { objs, dirs } = await p;
            expect(objs.length + dirs.length).toBe(0);
          } catch (err) {
            expect(isKind(err, "dirNotFound")).toBe(true);
          }
        }
      };
      it("FsListDirNotFound", listDirNotFound);
      it("FsListRDirNotFound", async (t) => {
        if (!s.f.features.listR) t.skip("no ListR");
        await listDirNotFound();
      });

      describe("FsEncoding", () => {
        const std = encoderFor(ENCODE_STANDARD);
        for (const [label, raw] of ENCODING_CASES) {
          it(label, async (t) => {
            if (label === "invalid UTF-8" && s.opts.skipInvalidUtf8) t.skip("skipped by the backend");
            if (label === "leading dot" && s.opts.skipLeadingDot) t.skip("skipped by the backend");
            const f = s.f;
            const window = f.precision() > 1n ? f.precision() : 1n;
            await checkListing(f, [], [], window);
            const name = std.encode(raw);
            await f.mkdir(name);
            const content = randomString(100);
            const item = await makeItem(`${name}/${name}`, content, nowNs(), f.hashes());
            const o = await putChecked(f, item, content);
            await checkListing(f, [item], [name], window);
            await o.remove();
            await f.rmdir(name);
            await checkListing(f, [], [], window);
          });
        }
      });

      it("FsNewObjectNotFound", async () => {
        for (const remote of ["potato", "directory/not/found/potato"]) {
          await expect(s.f.newObject(remote)).rejects.toSatisfy((e: unknown) => isKind(e, "objectNotFound"));
        }
      });

      it("FsPutError: a failed upload leaves no object", async () => {
        const N = 5 * 1024;
        const data = Buffer.from(randomString(N));
        const src = staticInfo(FILE2_PATH, FILE2_TIME, 2 * N);
        await expect(s.f.put(failingReader(data, new Error("potato")), src)).rejects.toBeDefined();
        await expect(s.f.newObject(FILE2_PATH)).rejects.toSatisfy((e: unknown) => isKind(e, "objectNotFound"));
      });

      it("FsPutZeroLength", async () => {
        const item = await makeItem("zero-length-file", "", FILE1_TIME, s.f.hashes());
        const o = await putChecked(s.f, item, "");
        expect((await readAll(await o.open())).length).toBe(0);
        await o.remove();
      });

      it("FsOpenWriterAt", async (t) => {
        const open = s.f.features.openWriterAt;
        if (!open) t.skip("no OpenWriterAt");
        const path = "writer-at-subdir/writer-at-file";
        const w = await open!(path, -1);
        await w.writeAt(Buffer.from("def"), 3);
        await w.writeAt(Buffer.from("ghi"), 6);
        await w.writeAt(Buffer.from("abc"), 0);
        await w.close();
        const o = await s.f.newObject(path);
        expect(await readObject(o)).toBe("abcdefghi");
        await o.remove();
        await s.f.rmdir("writer-at-subdir");
      });

      it.skip("FsOpenChunkWriter (the fs contract has no chunk writer yet)", () => undefined);
      it.skip("FsChangeNotify (the fs contract has no ChangeNotify yet)", () => undefined);

      registerFileTests(s);
      registerTailTests(s);
    });

    it("FsShutdown", async (t) => {
      const shutdown = s.f.features.shutdown;
      if (!shutdown) t.skip("no Shutdown");
      await shutdown!();
      await shutdown!();
    });
  });
}

/** Re-exported for backends' own tests. */
export { readerOf, staticInfo, putChecked, makeItem, purge, newFsFromPath };
