/**
 * The local Fs itself: registration and options, roots (absolute, IsFile),
 * features, errors of directory operations, moves (and the cross-device
 * fallback), About against rclone, time_type, and the backend command.
 */
import { mkdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localRegInfo, LOCAL_OPTIONS } from "../../../src/backends/local/index.js";
import { isKind } from "../../../src/fs/errors.js";
import { findBackend } from "../../../src/fs/registry.js";
import { MODTIME_NOT_SUPPORTED } from "../../../src/fs/types.js";
import { formatEncoding } from "../../../src/lib/encoder.js";
import { readAll, readerOf, staticInfo } from "../../conformance/helpers.js";
import { captureContext, haveRclone, makeLocal, makeLocalIsFile, rclone, tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(tmp.done);
const T = 1_234_567_890_123_456_789n;

describe("registration", () => {
  it("registers type local with rclone 1.76's options, flags and defaults", () => {
    expect(findBackend("local")).toBe(localRegInfo);
    const summary = localRegInfo.options.map((o) => {
      const flags = [o.type, o.advanced ? "adv" : "", o.noPrefix ? "noprefix" : "", o.shortOpt ?? ""].filter(Boolean);
      return `${o.name}:${flags.join(",")}`;
    });
    expect(summary).toEqual([
      // Advanced everywhere but on Windows, where long paths matter.
      process.platform === "win32" ? "nounc:bool" : "nounc:bool,adv",
      "copy_links:bool,adv,noprefix,L",
      "links:bool,adv",
      "skip_links:bool,adv,noprefix",
      "skip_specials:bool,adv,noprefix",
      "zero_size_links:bool,adv",
      "unicode_normalization:bool,adv",
      "no_check_updated:bool,adv",
      "one_file_system:bool,adv,noprefix,x",
      "case_sensitive:bool,adv",
      "case_insensitive:bool,adv",
      "no_clone:bool,adv",
      "no_preallocate:bool,adv",
      "no_sparse:bool,adv",
      "no_set_modtime:bool,adv",
      "metadata_restore_special_bits:bool,adv",
      "fatal_if_no_space:bool,adv",
      "time_type:string,adv",
      "hashes:commaList,adv",
      "encoding:encoding,adv",
      "description:string,adv",
    ]);
    const byName = new Map(localRegInfo.options.map((o) => [o.name, o]));
    expect(formatEncoding(byName.get("encoding")!.default as number)).toBe("Slash,Dot");
    expect(byName.get("time_type")!.default).toBe("mtime");
    expect(byName.get("time_type")!.examples!.map((e) => e.value)).toEqual(["mtime", "atime", "btime", "ctime"]);
    expect(localRegInfo.commandHelp!.map((c) => c.name)).toEqual(["noop"]);
  });

  it.skipIf(!haveRclone)("every option rclone 1.60 documents for local exists here", async () => {
    const { stdout } = await rclone(["help", "backend", "local"]);
    const theirs = [...stdout.toString().matchAll(/^- Config:\s+(\S+)$/gm)].map((m) => m[1]!);
    expect(theirs.length).toBeGreaterThan(10);
    const ours = new Set(LOCAL_OPTIONS.map((o) => o.name));
    for (const name of theirs) expect(ours.has(name), name).toBe(true);
  });
});

describe("roots", () => {
  it("are absolute, and String() names them", async () => {
    const rel = relative(process.cwd(), join(tmp.dir, "rel"));
    const f = await makeLocal(rel);
    expect(f.root).toBe(join(tmp.dir, "rel"));
    expect(f.toString()).toBe(`Local file system at ${join(tmp.dir, "rel")}`);
    expect(f.name).toBe("local");
  });

  it("naming a file give IsFileError with the parent's Fs", async () => {
    mkdirSync(join(tmp.dir, "isfile"));
    writeFileSync(join(tmp.dir, "isfile", "f.txt"), "x");
    const err = await makeLocalIsFile(join(tmp.dir, "isfile", "f.txt"));
    expect(err.leaf).toBe("f.txt");
    expect(err.fs.root).toBe(join(tmp.dir, "isfile"));
    expect((await err.fs.list("")).map((e) => e.remote)).toEqual(["f.txt"]);
  });
});

describe("features", () => {
  it("are rclone's local set, and --disable removes some", async () => {
    const f = await makeLocal(tmp.dir);
    const ft = f.features;
    expect(ft.canHaveEmptyDirectories && ft.isLocal && ft.slowHash && ft.partialUploads).toBe(true);
    expect(ft.writeDirSetModTime && ft.dirModTimeUpdatesOnWrite && ft.filterAware && ft.readMetadata).toBe(true);
    expect(ft.caseInsensitive).toBe(false);
    for (const op of ["move", "dirMove", "putStream", "about", "dirSetModTime", "mkdirMetadata", "openWriterAt", "command"] as const) {
      expect(ft[op], op).toBeTypeOf("function");
    }
    expect(ft.purge).toBeUndefined();
    expect(ft.copy).toBeUndefined();
    const { ctx } = captureContext({ disable: ["Move", "SlowHash"] });
    const g = await makeLocal(tmp.dir, {}, ctx);
    expect(g.features.move).toBeUndefined();
    expect(g.features.slowHash).toBe(false);
    expect((await makeLocal(tmp.dir, { case_insensitive: "true" })).features.caseInsensitive).toBe(true);
  });

  it("no_set_modtime reports no modtime support and leaves times alone", async () => {
    const f = await makeLocal(join(tmp.dir, "nosetmt"), { no_set_modtime: "true" });
    expect(f.precision()).toBe(MODTIME_NOT_SUPPORTED);
    const o = await f.put(readerOf("x"), staticInfo("a", 1_000_000_000n, 1));
    expect(await o.modTime()).not.toBe(1_000_000_000n);
  });
});

describe("directory operations", () => {
  it("report missing, non-empty and file directories by kind", async () => {
    const f = await makeLocal(join(tmp.dir, "dirs"));
    await expect(f.list("")).rejects.toSatisfy((e: unknown) => isKind(e, "dirNotFound"));
    await expect(f.rmdir("")).rejects.toSatisfy((e: unknown) => isKind(e, "dirNotFound"));
    await f.put(readerOf("x"), staticInfo("d/f.txt", T, 1));
    await expect(f.rmdir("d")).rejects.toSatisfy((e: unknown) => isKind(e, "directoryNotEmpty"));
    await expect(f.rmdir("d/f.txt")).rejects.toSatisfy((e: unknown) => isKind(e, "isFile"));
    await expect(f.newObject("d")).rejects.toSatisfy((e: unknown) => isKind(e, "isDir"));
  });

  it("set directory times to the nanosecond, and MkdirMetadata applies metadata", async () => {
    const f = await makeLocal(join(tmp.dir, "dirtimes"));
    await f.mkdir("a/b");
    await f.features.dirSetModTime!("a/b", T);
    expect(statSync(join(f.osRoot, "a", "b"), { bigint: true }).mtimeNs).toBe(T);
    await expect(f.features.dirSetModTime!("missing", T)).rejects.toSatisfy((e: unknown) => isKind(e, "dirNotFound"));
    const d = await f.features.mkdirMetadata!("m", { mtime: "2001-02-03T04:05:06.499999999Z", mode: "0700" });
    expect(await d.modTime()).toBe(981173106_499999999n);
    expect(statSync(join(f.osRoot, "m")).mode & 0o777).toBe(0o700);
  });
});

describe("moves", () => {
  it("rename within a file system, refuse to replace a directory", async () => {
    const f = await makeLocal(join(tmp.dir, "mv"));
    const o = await f.put(readerOf("data"), staticInfo("a.txt", T, 4));
    const moved = await f.features.move!(o, "deep/er/b.txt");
    expect(moved.remote).toBe("deep/er/b.txt");
    expect(await moved.modTime()).toBe(T);
    await expect(f.newObject("a.txt")).rejects.toSatisfy((e: unknown) => isKind(e, "objectNotFound"));
    await f.mkdir("adir");
    await expect(f.features.move!(moved, "adir")).rejects.toThrow("can't move file onto non-file");
    await expect(f.features.dirMove!(f, "deep", "adir")).rejects.toSatisfy((e: unknown) => isKind(e, "dirExists"));
    await f.features.dirMove!(f, "deep", "new/place");
    expect((await readAll(await (await f.newObject("new/place/er/b.txt")).open())).toString()).toBe("data");
  });

  const shm = (() => {
    try {
      return statSync("/dev/shm").dev !== statSync(tmp.dir).dev;
    } catch {
      return false;
    }
  })();

  it.skipIf(!shm)("across devices give cantMove / cantDirMove so the caller copies", async () => {
    const other = tempDir("tclone-mv-", "/dev/shm");
    try {
      const from = await makeLocal(other.dir);
      const o = await from.put(readerOf("data"), staticInfo("x/a.txt", T, 4));
      const to = await makeLocal(join(tmp.dir, "xdev-mv"));
      await expect(to.features.move!(o, "a.txt")).rejects.toSatisfy((e: unknown) => isKind(e, "cantMove"));
      await expect(to.features.dirMove!(from, "x", "x")).rejects.toSatisfy((e: unknown) => isKind(e, "cantDirMove"));
    } finally {
      other.done();
    }
  });
});

describe("misc", () => {
  it.skipIf(!haveRclone)("About gives what rclone about gives", async () => {
    const f = await makeLocal(tmp.dir);
    const u = await f.features.about!();
    const { stdout } = await rclone(["about", "--json", tmp.dir]);
    const theirs = JSON.parse(stdout.toString()) as { total: number; used: number; free: number };
    expect(u.total).toBe(theirs.total);
    expect(Math.abs(u.free! - theirs.free)).toBeLessThan(64 * 1024 * 1024);
  });

  it("time_type picks which time ModTime reports", async () => {
    const d = join(tmp.dir, "tt");
    mkdirSync(d);
    writeFileSync(join(d, "f"), "x");
    utimesSync(join(d, "f"), 1000, 2000);
    const st = statSync(join(d, "f"), { bigint: true });
    const timeOf = async (tt: string): Promise<bigint> => (await makeLocal(d, { time_type: tt })).list("").then((es) => es[0]!.modTime());
    expect(await timeOf("mtime")).toBe(2000_000000000n);
    expect(await timeOf("atime")).toBe(1000_000000000n);
    expect(await timeOf("ctime")).toBe(st.ctimeNs);
    expect(await timeOf("btime")).toBe(process.platform === "linux" ? 2000_000000000n : st.birthtimeNs);
    await expect(makeLocal(d, { time_type: "potato" })).rejects.toThrow(/invalid choice/);
  });

  it("OpenWriterAt writes at offsets", async () => {
    const f = await makeLocal(join(tmp.dir, "wat"));
    const w = await f.features.openWriterAt!("sub/file", 9);
    await w.writeAt(Buffer.from("ghi"), 6);
    await w.writeAt(Buffer.from("abc"), 0);
    await w.writeAt(Buffer.from("def"), 3);
    await w.close();
    expect((await readAll(await (await f.newObject("sub/file")).open())).toString()).toBe("abcdefghi");
  });

  it("the noop command echoes, fails on request, and others are not found", async () => {
    const cmd = (await makeLocal(tmp.dir)).features.command!;
    expect(await cmd("noop", ["a"], { echo: "" })).toEqual({ name: "noop", arg: ["a"], opt: { echo: "" } });
    await expect(cmd("noop", [], { error: "boom" })).rejects.toThrow("boom");
    await expect(cmd("noop", [], { error: "" })).rejects.toThrow("unspecified error");
    expect(await cmd("noop", [], {})).toBeNull();
    await expect(cmd("potato", [], {})).rejects.toSatisfy((e: unknown) => isKind(e, "commandNotFound"));
  });
});
