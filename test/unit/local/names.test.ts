/**
 * File names: any byte sequence round-trips (names that are not valid UTF-8
 * carry their bytes as lone surrogates), the encoding converts at the
 * boundary, and no name can climb out of the root.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nativeHelper, resetNativeHelper } from "../../../src/backends/local/native.js";
import { NATIVE_FIELDS } from "../../../src/backends/local/stat.js";
import { localPath } from "../../../src/backends/local/paths.js";
import { isKind } from "../../../src/fs/errors.js";
import { compareNames, decodeName, encodeName, isOrdered } from "../../../src/fs/names.js";
import { newOpsContext } from "../../../src/ops/context.js";
import { listDirSorted } from "../../../src/ops/walk.js";
import { encoderFor, ENCODE_STANDARD, Enc } from "../../../src/lib/encoder.js";
import { readAll, readerOf, staticInfo } from "../../conformance/helpers.js";
import { captureContext, haveRclone, makeLocal, rclone, tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(tmp.done);

const T = 1_000_000_000_000_000_000n;

describe("names that are not valid UTF-8", () => {
  const dir = join(tmp.dir, "bytes");
  const rawNames = [
    Buffer.from([0x62, 0x61, 0x64, 0xfe, 0x6e, 0x61, 0x6d, 0x65]), // "bad\xfename"
    Buffer.from([0xff]),
    Buffer.from([0xc3, 0x28, 0x2e, 0x74, 0x78, 0x74]), // a broken two-byte sequence
    Buffer.from([0xed, 0xa0, 0x80]), // an encoded UTF-16 surrogate, not valid UTF-8
    Buffer.from("ok-ünïcödé", "utf8"),
  ];

  it("list, open and re-create byte-exactly", async () => {
    mkdirSync(dir);
    const dirBuf = Buffer.from(dir);
    for (const [i, n] of rawNames.entries()) writeFileSync(Buffer.concat([dirBuf, Buffer.from("/"), n]), `content ${i}`);
    const { ctx, lines } = captureContext();
    const f = await makeLocal(dir, {}, ctx);
    const entries = await f.list("");
    const listed = entries.map((e) => e.remote);
    expect(listed.map((r) => encodeName(r).toString("hex")).sort()).toEqual(rawNames.map((n) => n.toString("hex")).sort());
    for (const [i, n] of rawNames.entries()) {
      const o = await f.newObject(decodeName(n));
      expect((await readAll(await o.open())).toString()).toBe(`content ${i}`);
    }
    // Written back under another root, the bytes on disk are the same.
    const copyDir = join(tmp.dir, "bytes-copy");
    const g = await makeLocal(copyDir);
    for (const e of entries) {
      if (!e.isDir) await g.put(await e.open(), e);
    }
    const onDisk = readdirSync(Buffer.from(copyDir), { encoding: "buffer" }).map((b) => b.toString("hex"));
    expect(onDisk.sort()).toEqual(rawNames.map((n) => n.toString("hex")).sort());
    // One notice per bad name.
    expect(lines.filter((l) => l.includes("Replacing invalid UTF-8")).length).toBe(4);
  });

  it.skipIf(!haveRclone)("gives the same notice text as rclone", async () => {
    const only = join(tmp.dir, "one-bad");
    mkdirSync(only);
    writeFileSync(Buffer.concat([Buffer.from(only + "/"), rawNames[0]!]), "x");
    const { stderr, stdout } = await rclone(["lsf", only]);
    const theirs = stderr.split("\n").find((l) => l.includes("Replacing"))!.replace(/^.*NOTICE: /, "");
    const { ctx, lines } = captureContext();
    const f = await makeLocal(only, {}, ctx);
    const entries = await f.list("");
    const ours = lines.find((l) => l.includes("Replacing"))!.replace(/^.*NOTICE\s*: /, "").trim();
    expect(ours).toBe(theirs);
    // And rclone prints the name's raw bytes, which are our name's bytes.
    expect(stdout.subarray(0, stdout.length - 1).toString("hex")).toBe(encodeName(entries[0]!.remote).toString("hex"));
  });
});

describe("listing order", () => {
  it("the native listing comes in byte order (Go's string order), each stat with its own name", () => {
    const native = nativeHelper();
    if (!native?.lstatdir) return expect.fail("the native helper should be built for the tests");
    const dir = join(tmp.dir, "order");
    mkdirSync(dir);
    // Sizes tell the entries apart: the stats must move with their names.
    const names = ["b", "a", "B", "é", "a0", "z", "~", "\u{1F600}", "_", "A"];
    names.forEach((n, i) => writeFileSync(join(dir, n), "x".repeat(i)));
    const [packed, stats] = native.lstatdir(dir, false);
    const got = packed.toString("utf8", 0, packed.length - 1).split("\0");
    const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(got).toEqual(byBytes);
    got.forEach((n, k) => expect(stats[k * NATIVE_FIELDS + 1], n).toBe(names.indexOf(n)));
  });
});

describe("listings the local backend vouches for", () => {
  const remotes = (es: { remote: string }[]): string[] => es.map((e) => e.remote);
  const byNames = (xs: string[]): string[] => [...xs].sort(compareNames);

  it("marks a native listing of plain names as ordered, and listDirSorted returns it as it is", async () => {
    if (!nativeHelper()?.lstatdir) return expect.fail("the native helper should be built for the tests");
    const dir = join(tmp.dir, "vouched");
    mkdirSync(join(dir, "sub", "a0"), { recursive: true });
    for (const n of ["b", "a", "B", "a.b", "a-b", "~"]) writeFileSync(join(dir, "sub", n), n);
    const f = await makeLocal(dir);
    const listing = await f.list("sub");
    expect(isOrdered(listing)).toBe(true);
    expect(remotes(listing)).toEqual(byNames(remotes(listing)));
    expect(remotes(listing)).toHaveLength(7);
    // Returned as listed: the very array the backend marked.
    const sorted = await listDirSorted(newOpsContext(), f, false, "sub");
    expect(isOrdered(sorted)).toBe(true);
    expect(remotes(sorted)).toEqual(remotes(listing));
  });

  it("does not mark a listing whose names the encoding changes; listDirSorted sorts it", async () => {
    const dir = join(tmp.dir, "unvouched");
    mkdirSync(dir);
    // On disk "\x01z" sorts first; its Standard name "␁z" sorts last.
    for (const n of ["\x01z", "a", "é"]) writeFileSync(join(dir, n), n);
    const f = await makeLocal(dir);
    const listing = await f.list("");
    expect(isOrdered(listing)).toBe(false);
    expect(remotes(listing)).toEqual(["\u2401z", "a", "é"]);
    expect(remotes(await listDirSorted(newOpsContext(), f, false, ""))).toEqual(["a", "é", "\u2401z"]);
  });

  it("does not mark listings made without the native helper", async () => {
    const dir = join(tmp.dir, "plainlist");
    mkdirSync(dir);
    for (const n of ["c", "a", "b"]) writeFileSync(join(dir, n), n);
    process.env["TCLONE_NO_NATIVE"] = "1";
    resetNativeHelper();
    try {
      const f = await makeLocal(dir);
      const listing = await f.list("");
      expect(isOrdered(listing)).toBe(false);
      expect(remotes(await listDirSorted(newOpsContext(), f, false, ""))).toEqual(["a", "b", "c"]);
    } finally {
      delete process.env["TCLONE_NO_NATIVE"];
      resetNativeHelper();
    }
  });
});

describe("the encoding", () => {
  it("keeps Standard-encoded names as the default (Slash,Dot) encoding stores them", async () => {
    const std = encoderFor(ENCODE_STANDARD);
    const f = await makeLocal(join(tmp.dir, "enc"));
    const raw = "a/b\x01.";
    const name = std.encode(raw); // "a／b␁."
    await f.put(readerOf("x"), staticInfo(name, T, 1));
    // On disk: the slash stays full-width, the control character is a real byte.
    expect(readdirSync(f.osRoot)).toEqual(["a／b\x01."]);
    expect((await f.list("")).map((e) => e.remote)).toEqual([name]);
  });

  it("stores . and .. names as full-width dots inside the root", async () => {
    const f = await makeLocal(join(tmp.dir, "dots"));
    await f.put(readerOf("safe"), staticInfo("．．/marker.txt", T, 4));
    expect(readFileSync(join(f.osRoot, "．．", "marker.txt"), "utf8")).toBe("safe");
  });

  it("refuses names that an encoding without Dot would turn into ..", async () => {
    const outer = join(tmp.dir, "outer");
    mkdirSync(outer);
    writeFileSync(join(outer, "marker.txt"), "original");
    const f = await makeLocal(join(outer, "dst"), { encoding: "Slash" });
    const remote = "．．/marker.txt";
    const escapes = (e: unknown): boolean => (e as Error).message.includes("not a path within the local root");
    await expect(f.put(readerOf("PWNED"), staticInfo(remote, T, 5))).rejects.toSatisfy(escapes);
    await expect(f.mkdir(remote)).rejects.toSatisfy(escapes);
    await expect(f.rmdir(remote)).rejects.toSatisfy(escapes);
    await expect(f.newObject(remote)).rejects.toSatisfy(escapes);
    await expect(f.list(remote)).rejects.toSatisfy(escapes);
    await expect(f.features.openWriterAt!(remote, 5)).rejects.toSatisfy(escapes);
    expect(readFileSync(join(outer, "marker.txt"), "utf8")).toBe("original");
    await f.put(readerOf("hello"), staticInfo("sub/file.txt", T, 5));
    const o = await f.newObject("sub/file.txt");
    await expect(f.features.move!(o, remote)).rejects.toSatisfy(escapes);
    await expect(f.features.dirMove!(f, "sub", remote)).rejects.toSatisfy(escapes);
  });

  it("resolves names under the root lexically, refusing only those outside it", () => {
    const raw = encoderFor(Enc.Raw);
    const root = "/r/oot";
    const cases: [string, string | undefined][] = [
      ["", "/r/oot"],
      ["file.txt", "/r/oot/file.txt"],
      ["sub/file.txt", "/r/oot/sub/file.txt"],
      ["sub/../file.txt", "/r/oot/file.txt"],
      ["..", undefined],
      ["../marker.txt", undefined],
      ["sub/../../marker.txt", undefined],
      ["NUL", "/r/oot/NUL"],
      ["/etc/passwd", "/r/oot/etc/passwd"],
    ];
    for (const [name, want] of cases) {
      if (want === undefined) {
        let err: unknown;
        try {
          localPath(root, raw, name);
        } catch (e) {
          err = e;
        }
        expect(err, name).toBeDefined();
        expect((err as { noRetry: boolean }).noRetry).toBe(true);
      } else {
        expect(localPath(root, raw, name), name).toBe(want);
      }
    }
  });

  it("normalises names read from disk to NFC when asked", async () => {
    const d = join(tmp.dir, "nfd");
    mkdirSync(d);
    const nfd = "e\u0301t\u00e9".normalize("NFD");
    writeFileSync(join(d, nfd), "x");
    expect((await (await makeLocal(d)).list("")).map((e) => e.remote)).toEqual([nfd]);
    const norm = await makeLocal(d, { unicode_normalization: "true" });
    expect((await norm.list("")).map((e) => e.remote)).toEqual([nfd.normalize("NFC")]);
  });

  it("NewObject of a missing name in a missing directory is objectNotFound", async () => {
    const f = await makeLocal(join(tmp.dir, "enc"));
    await expect(f.newObject("no/such/dir/file")).rejects.toSatisfy((e: unknown) => isKind(e, "objectNotFound"));
  });
});
