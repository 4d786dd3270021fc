/**
 * Symlinks and special files: skipped with rclone's notices by default,
 * followed with -L, translated to and from `.rclonelink` objects with -l
 * (checked both ways against the rclone oracle), kept from escaping the root,
 * and -x/--one-file-system.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, readlinkSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { createHash } from "node:crypto";
import { ALL_HASHES, hashSet } from "../../../src/fs/hash.js";
import { readAll, readerOf, staticInfo } from "../../conformance/helpers.js";
import { setTimes } from "../../../src/backends/local/times.js";
import { captureContext, haveRclone, makeLocal, makeLocalIsFile, rclone, tempDir } from "./helpers.js";

const md5Of = (s: string): string => createHash("md5").update(s).digest("hex");

const T1 = 981173106_000000000n;
const T2 = 1012709110_123123123n;

const tmp = tempDir();
afterAll(tmp.done);
const src = join(tmp.dir, "src");

beforeAll(async () => {
  mkdirSync(join(src, "sub"), { recursive: true });
  writeFileSync(join(src, "file.txt"), "hello");
  await setTimes(join(src, "file.txt"), T1, T1, false);
  writeFileSync(join(src, "sub", "inner.txt"), "inner");
  symlinkSync("file.txt", join(src, "symlink.txt"));
  await setTimes(join(src, "symlink.txt"), T2, T2, true);
  symlinkSync("sub", join(src, "dirlink"));
  symlinkSync("does-not-exist", join(src, "broken"));
  execFileSync("mkfifo", [join(src, "fifo")]);
});

/** The messages of the NOTICE lines of a log, sorted. */
const notices = (lines: string[]): string[] =>
  lines
    .map((l) => /NOTICE\s*: (.*)$/.exec(l.trim())?.[1])
    .filter((m): m is string => m !== undefined)
    .sort();

const entryNames = (es: { remote: string; isDir: boolean }[]): string[] =>
  es.map((e) => (e.isDir ? e.remote + "/" : e.remote)).sort();

describe("by default", () => {
  it("lists files and dirs, skipping links and specials with notices", async () => {
    const { ctx, lines } = captureContext();
    const f = await makeLocal(src, {}, ctx);
    expect(entryNames(await f.list(""))).toEqual(["file.txt", "sub/"]);
    expect(notices(lines)).toEqual([
      "broken: Can't follow symlink without -L/--copy-links",
      "dirlink: Can't follow symlink without -L/--copy-links",
      "fifo: Can't transfer non file/directory",
      "symlink.txt: Can't follow symlink without -L/--copy-links",
    ]);
  });

  it("--skip-links silences the link notices, --skip-specials the others", async () => {
    const a = captureContext();
    await (await makeLocal(src, { skip_links: "true" }, a.ctx)).list("");
    expect(notices(a.lines)).toEqual([
      "fifo: Can't transfer non file/directory",
    ]);
    const b = captureContext();
    await (await makeLocal(src, { skip_links: "true", skip_specials: "true" }, b.ctx)).list("");
    expect(notices(b.lines)).toEqual([]);
  });

  it.skipIf(!haveRclone)("prints the same notices as rclone", async () => {
    const { stderr } = await rclone(["lsf", src]);
    const theirs = notices(stderr.split("\n"));
    const { ctx, lines } = captureContext();
    await (await makeLocal(src, {}, ctx)).list("");
    expect(notices(lines)).toEqual(theirs);
    expect(theirs).toHaveLength(4);
  });
});

describe("-L/--copy-links", () => {
  it("follows links to files and directories; broken links are reported and skipped", async () => {
    const { ctx, lines } = captureContext();
    const f = await makeLocal(src, { copy_links: "true" }, ctx);
    const entries = await f.list("");
    expect(entryNames(entries)).toEqual(["dirlink/", "file.txt", "sub/", "symlink.txt"]);
    const link = entries.find((e) => e.remote === "symlink.txt")!;
    expect(link.size).toBe(5);
    expect(await link.modTime()).toBe(T1);
    expect(entryNames(await f.list("dirlink"))).toEqual(["dirlink/inner.txt"]);
    const o = await f.newObject("symlink.txt");
    expect((await readAll(await o.open())).toString()).toBe("hello");
    expect(lines.some((l) => l.includes("ERROR : broken: Listing error: symlink:"))).toBe(true);
  });

  it("cannot be combined with -l", async () => {
    await expect(makeLocal(src, { copy_links: "true", links: "true" })).rejects.toThrow(
      "can't use -l/--links with -L/--copy-links",
    );
  });
});

describe("-l/--links", () => {
  it("lists links as .rclonelink objects whose content is the target (global -l too)", async () => {
    const { ctx } = captureContext({ links: true });
    const f = await makeLocal(src, {}, ctx);
    expect(f.opt.translateSymlinks).toBe(true);
    const entries = await f.list("");
    expect(entryNames(entries)).toEqual([
      "broken.rclonelink",
      "dirlink.rclonelink",
      "file.txt",
      "sub/",
      "symlink.txt.rclonelink",
    ]);
    const link = entries.find((e) => e.remote === "symlink.txt.rclonelink")!;
    expect(link.size).toBe("file.txt".length);
    expect(await link.modTime()).toBe(T2);
    const o = await f.newObject("symlink.txt.rclonelink");
    expect((await readAll(await o.open())).toString()).toBe("file.txt");
    expect((await readAll(await o.open({ range: { start: 2, end: 5 } }))).toString()).toBe("le.t");
    expect(await o.hash("md5")).toBe(md5Of("file.txt"));
    await expect(f.newObject("symlink.txt")).rejects.toSatisfy((e: unknown) => isKind(e, "objectNotFound"));
  });

  it("turns a .rclonelink object into a symlink, and NewFs needs the suffix", async () => {
    const dst = join(tmp.dir, "links-dst");
    const f = await makeLocal(dst, { links: "true" });
    const o = await f.put(readerOf("../somewhere/else"), staticInfo("made.rclonelink", T2, 17));
    expect(readlinkSync(join(dst, "made"))).toBe("../somewhere/else");
    expect(lstatSync(join(dst, "made"), { bigint: true }).mtimeNs).toBe(T2);
    expect(o.size).toBe(17);
    // Updating replaces the link.
    await o.update(readerOf("other"), staticInfo("made.rclonelink", T1, 5));
    expect(readlinkSync(join(dst, "made"))).toBe("other");
    const isFile = await makeLocalIsFile(join(dst, "made.rclonelink"), { links: "true" });
    expect(isFile.leaf).toBe("made.rclonelink");
    expect(isFile.fs.root).toBe(dst);
    await expect(makeLocal(join(dst, "made"), { links: "true" })).rejects.toThrow('need ".rclonelink" suffix');
  });

  it.skipIf(!haveRclone)("reads links as rclone -l does (names, sizes, hashes)", async () => {
    const { stdout } = await rclone(["lsjson", "-l", "--hash", "--hash-type", "md5", "--files-only", src]);
    const theirs = (JSON.parse(stdout.toString()) as { Path: string; Size: number; Hashes: { md5: string } }[])
      .map((e) => `${e.Path} ${e.Size} ${e.Hashes.md5}`)
      .sort();
    const f = await makeLocal(src, { links: "true", skip_specials: "true" });
    const ours: string[] = [];
    for (const e of await f.list("")) {
      if (!e.isDir) ours.push(`${e.remote} ${e.size} ${await e.hash("md5")}`);
    }
    expect(ours.sort()).toEqual(theirs);
  });

  it.skipIf(!haveRclone)("writes links from .rclonelink files as rclone -l does", async () => {
    const plain = join(tmp.dir, "plain");
    mkdirSync(plain);
    writeFileSync(join(plain, "a.rclonelink"), "target/one");
    writeFileSync(join(plain, "b.rclonelink"), "b.txt");
    writeFileSync(join(plain, "c.txt"), "hi\n");
    const theirsDir = join(tmp.dir, "theirs");
    await rclone(["copy", plain, `:local,links=true:${theirsDir}`]);
    // tclone: read the plain files without -l, write them with -l.
    const from = await makeLocal(plain);
    const oursDir = join(tmp.dir, "ours");
    const to = await makeLocal(oursDir, { links: "true" });
    for (const e of await from.list("")) {
      if (e.isDir) continue;
      await to.put(await e.open(), e);
    }
    const describeDir = (d: string): string[] =>
      readdirSync(d)
        .sort()
        .map((n) => {
          const p = join(d, n);
          return lstatSync(p).isSymbolicLink() ? `${n} -> ${readlinkSync(p)}` : `${n} = ${readFileSync(p, "utf8")}`;
        });
    expect(describeDir(oursDir)).toEqual(describeDir(theirsDir));
    expect(describeDir(oursDir)).toEqual(["a -> target/one", "b -> b.txt", "c.txt = hi\n"]);
  });

  describe("never writes through a planted symlink", () => {
    it("refuses a write below a link that points outside the root", async () => {
      const evil = tempDir("tclone-evil-");
      try {
        const f = await makeLocal(join(tmp.dir, "escape1"), { links: "true" });
        await f.put(readerOf(evil.dir), staticInfo("pwn.rclonelink", T1, evil.dir.length));
        expect(readlinkSync(join(f.osRoot, "pwn"))).toBe(evil.dir);
        await expect(f.put(readerOf("PWNED"), staticInfo("pwn/authkeys", T1, 5))).rejects.toBeDefined();
        expect(readdirSync(evil.dir)).toEqual([]);
      } finally {
        evil.done();
      }
    });

    it("refuses the chained variant through an in-tree link to the root", async () => {
      const evil = tempDir("tclone-evil-");
      try {
        const f = await makeLocal(join(tmp.dir, "escape2"), { links: "true" });
        await f.put(readerOf("."), staticInfo("evil.rclonelink", T1, 1));
        await f.put(readerOf(evil.dir), staticInfo("evil/pwn.rclonelink", T1, evil.dir.length));
        await expect(f.put(readerOf("PWNED"), staticInfo("evil/pwn/authkeys", T1, 5))).rejects.toBeDefined();
        expect(readdirSync(evil.dir)).toEqual([]);
      } finally {
        evil.done();
      }
    });

    it("still writes through a link that stays inside the root", async () => {
      const f = await makeLocal(join(tmp.dir, "intree"), { links: "true" });
      await f.put(readerOf("hello"), staticInfo("sub/keep.txt", T1, 5));
      await f.put(readerOf("sub"), staticInfo("link.rclonelink", T1, 3));
      await f.put(readerOf("world"), staticInfo("link/file.txt", T1, 5));
      expect(readFileSync(join(f.osRoot, "sub", "file.txt"), "utf8")).toBe("world");
    });
  });
});

describe("-x/--one-file-system", () => {
  const shmDev = (() => {
    try {
      return statSync("/dev/shm").dev !== statSync(tmp.dir).dev;
    } catch {
      return false;
    }
  })();

  it.skipIf(!shmDev)("does not descend into a directory on another device", async () => {
    const other = tempDir("tclone-xdev-", "/dev/shm");
    try {
      writeFileSync(join(other.dir, "far.txt"), "far");
      const root = join(tmp.dir, "xdev");
      mkdirSync(join(root, "near"), { recursive: true });
      symlinkSync(other.dir, join(root, "mnt"));
      const followAll = await makeLocal(root, { copy_links: "true" });
      expect(entryNames(await followAll.list(""))).toEqual(["mnt/", "near/"]);
      const oneFs = await makeLocal(root, { copy_links: "true", one_file_system: "true" });
      expect(entryNames(await oneFs.list(""))).toEqual(["near/"]);
    } finally {
      other.done();
    }
  });
});

describe("hash sets", () => {
  it("offers every hash type unless the hashes option restricts them", async () => {
    expect((await makeLocal(src)).hashes()).toBe(ALL_HASHES);
    expect((await makeLocal(src, { hashes: "md5,SHA-1" })).hashes()).toBe(hashSet("md5", "sha1"));
  });
});
