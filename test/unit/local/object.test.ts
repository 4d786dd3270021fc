/**
 * Objects of the local backend: the "source file is being updated" guard,
 * hash caching and invalidation, metadata (checked against rclone lsjson -M),
 * and what a failed or short write leaves behind.
 */
import { appendFileSync, chmodSync, existsSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { LocalObject } from "../../../src/backends/local/object.js";
import { FsError, isKind } from "../../../src/fs/errors.js";
import { hashSet } from "../../../src/fs/hash.js";
import { failingReader, readAll, readerOf, staticInfo } from "../../conformance/helpers.js";
import { captureContext, haveRclone, makeLocal, rclone, tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(tmp.done);

const T = 1_300_000_000_123_456_789n;
const MD5_CONTENT = "9a0364b9e99bb480dd25e1f0284c8555"; // md5("content")
const MD5_UPPER = "45685e95985e20822fb2538a522a5ccf"; // md5("CONTENT")

describe("reading a file that changes", () => {
  it("fails with 'source file is being updated' when the size changes", async () => {
    const f = await makeLocal(join(tmp.dir, "upd1"));
    await f.put(readerOf("x".repeat(3 << 20)), staticInfo("grow.bin", T, 3 << 20));
    const o = await f.newObject("grow.bin");
    const r = await o.open();
    const it = r[Symbol.asyncIterator]();
    await it.next();
    appendFileSync(join(f.osRoot, "grow.bin"), "more");
    await expect(readAll(r)).rejects.toThrow(/can't copy - source file is being updated \(size changed from 3145728 to 3145732\)/);
  });

  it("fails when only the modification time changes", async () => {
    const f = await makeLocal(join(tmp.dir, "upd2"));
    await f.put(readerOf("y".repeat(3 << 20)), staticInfo("touch.bin", T, 3 << 20));
    const o = await f.newObject("touch.bin");
    const r = await o.open();
    const it = r[Symbol.asyncIterator]();
    await it.next();
    utimesSync(join(f.osRoot, "touch.bin"), 1e9, 1e9);
    let err: unknown;
    try {
      await readAll(r);
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(/source file is being updated \(mod time changed from/);
    expect(err instanceof FsError && err.noLowLevelRetry).toBe(true);
  });

  it("with no_check_updated reads the size first seen and does not fail", async () => {
    const f = await makeLocal(join(tmp.dir, "upd3"), { no_check_updated: "true" });
    await f.put(readerOf("z".repeat(3 << 20)), staticInfo("log.txt", T, 3 << 20));
    const o = await f.newObject("log.txt");
    const r = await o.open();
    const it = r[Symbol.asyncIterator]();
    const first = (await it.next()).value as Buffer;
    appendFileSync(join(f.osRoot, "log.txt"), "appended");
    const rest = await readAll(r);
    expect(first.length + rest.length).toBe(3 << 20);
    expect(o.size).toBe(3 << 20);
  });
});

describe("no_check_updated and rewrites", () => {
  it("an Update still takes in the new size and time", async () => {
    const f = await makeLocal(join(tmp.dir, "ncu"), { no_check_updated: "true" });
    const o = await f.put(readerOf("short"), staticInfo("f.txt", T, 5));
    await o.update(readerOf("a longer content"), staticInfo("f.txt", T + 5n, 16));
    expect(o.size).toBe(16);
    expect(await o.modTime()).toBe(T + 5n);
    expect((await readAll(await o.open())).toString()).toBe("a longer content");
  });
});

describe("hashes", () => {
  it("are recomputed when the content changes under the same size and time", async () => {
    const f = await makeLocal(join(tmp.dir, "h1"));
    const o = await f.put(readerOf("content"), staticInfo("file.txt", T, 7));
    expect(await o.hash("md5")).toBe(MD5_CONTENT);
    await o.update(readerOf("CONTENT"), staticInfo("file.txt", T, 7));
    expect(await o.hash("md5")).toBe(MD5_UPPER);
  });

  it("asked for in PutOptions are computed while writing and cached", async () => {
    const f = await makeLocal(join(tmp.dir, "h2"));
    const o = (await f.put(readerOf("content"), staticInfo("file.txt", T, 7), { hashes: hashSet("md5") })) as LocalObject;
    expect(o.cachedHash("md5")).toBe(MD5_CONTENT);
    expect(await o.hash("md5")).toBe(MD5_CONTENT);
  });

  it("asked for in OpenOptions are cached after a complete read, not after a partial one", async () => {
    const f = await makeLocal(join(tmp.dir, "h3"));
    await f.put(readerOf("content"), staticInfo("file.txt", T, 7));
    const partial = (await f.newObject("file.txt")) as LocalObject;
    await readAll(await partial.open({ hashes: hashSet("sha1"), range: { start: 0, end: 2 } }));
    expect(partial.cachedHash("sha1")).toBeUndefined();
    const full = (await f.newObject("file.txt")) as LocalObject;
    await readAll(await full.open({ hashes: hashSet("sha1") }));
    expect(full.cachedHash("sha1")).toBe("040f06fd774092478d450774f5ba30c5da78acc8");
  });

  it("fail after the object is removed", async () => {
    const f = await makeLocal(join(tmp.dir, "h4"));
    const o = await f.put(readerOf("content"), staticInfo("file.txt", T, 7));
    expect(await o.hash("md5")).toBe(MD5_CONTENT);
    await o.remove();
    await expect(o.hash("md5")).rejects.toBeDefined();
  });

  it("outside the hashes option are refused", async () => {
    const f = await makeLocal(join(tmp.dir, "h5"), { hashes: "md5" });
    const o = await f.put(readerOf("content"), staticInfo("file.txt", T, 7));
    await expect(o.hash("sha1")).rejects.toSatisfy((e: unknown) => isKind(e, "hashUnsupported"));
  });

  it.skipIf(!haveRclone)("match rclone hashsum for every type rclone 1.60 has", async () => {
    const f = await makeLocal(join(tmp.dir, "h6"));
    const data = Buffer.alloc(5 * 1024 * 1024 + 13, 7);
    const o = await f.put(readerOf(data), staticInfo("big.bin", T, data.length));
    for (const t of ["md5", "sha1", "whirlpool", "crc32", "sha256", "dropbox", "hidrive", "mailru", "quickxor"] as const) {
      const { stdout } = await rclone(["hashsum", t, join(f.osRoot, "big.bin")]);
      expect(await o.hash(t), t).toBe(stdout.toString().split(" ")[0]);
    }
  });
});

describe("metadata", () => {
  it("reads mode, uid, gid and times, and writes them back", async () => {
    const f = await makeLocal(join(tmp.dir, "m1"));
    const o = (await f.put(readerOf("meta"), staticInfo("m.txt", T, 4))) as LocalObject;
    chmodSync(join(f.osRoot, "m.txt"), 0o640);
    const m = (await o.metadata())!;
    expect(m["mode"]).toBe("100640");
    expect(m["uid"]).toBe(String(process.getuid!()));
    expect(m["gid"]).toBe(String(process.getgid!()));
    expect(m["mtime"]).toMatch(/^2011-03-1\dT\d\d:\d\d:\d\d\.123456789(Z|[+-]\d\d:\d\d)$/);
    await o.setMetadata({
      mtime: "2011-12-12T14:15:16.999999999Z",
      atime: "2011-12-13T14:15:16.999999999Z",
      mode: "0767",
      potato: "wedges",
    });
    const st = statSync(join(f.osRoot, "m.txt"), { bigint: true });
    expect(Number(st.mode) & 0o777).toBe(0o767);
    expect(st.mtimeNs).toBe(1323699316_999999999n);
    expect(st.atimeNs).toBe(1323785716_999999999n);
    expect(await o.modTime()).toBe(1323699316_999999999n);
    if (f.features.userMetadata) expect((await o.metadata())!["potato"]).toBe("wedges");
  });

  it("strips setuid/setgid/sticky unless metadata_restore_special_bits is set", async () => {
    const plain = await makeLocal(join(tmp.dir, "m2"));
    const o = (await plain.put(readerOf("x"), staticInfo("s.bin", T, 1))) as LocalObject;
    await o.setMetadata({ mode: "40000755" }); // Go's FileMode layout of setuid|0755
    expect(statSync(join(plain.osRoot, "s.bin")).mode & 0o7777).toBe(0o755);
    await o.setMetadata({ mode: "104755" }); // the same as a Unix st_mode
    expect(statSync(join(plain.osRoot, "s.bin")).mode & 0o7777).toBe(0o755);
    const trusting = await makeLocal(join(tmp.dir, "m2"), { metadata_restore_special_bits: "true" });
    const t = (await trusting.newObject("s.bin")) as LocalObject;
    await t.setMetadata({ mode: "40000755" });
    expect(statSync(join(plain.osRoot, "s.bin")).mode & 0o7777).toBe(0o4755);
    await t.setMetadata({ mode: "102755" });
    expect(statSync(join(plain.osRoot, "s.bin")).mode & 0o7777).toBe(0o2755);
  });

  it("applies PutOptions.metadata, whose mtime wins over the source's", async () => {
    const f = await makeLocal(join(tmp.dir, "m3"));
    const o = await f.put(readerOf("x"), staticInfo("p.txt", T, 1), {
      metadata: { mtime: "2002-02-03T04:05:06.499999999Z", potato: "jersey" },
    });
    expect(await o.modTime()).toBe(1012709106_499999999n);
    if (f.features.userMetadata) expect((await o.metadata!())!["potato"]).toBe("jersey");
  });

  it.skipIf(!haveRclone)("gives the same system metadata as rclone lsjson -M", async () => {
    const f = await makeLocal(join(tmp.dir, "m4"));
    await f.put(readerOf("abc"), staticInfo("a.txt", T, 3));
    await f.mkdir("d");
    const { stdout } = await rclone(["lsjson", "-M", f.osRoot]);
    const theirs = JSON.parse(stdout.toString()) as { Path: string; Metadata: Record<string, string> }[];
    expect(theirs.map((x) => x.Path).sort()).toEqual(["a.txt", "d"]);
    for (const e of await f.list("")) {
      if (e.isDir) continue; // rclone 1.60 has no directory metadata
      const want = theirs.find((x) => x.Path === e.remote)!.Metadata;
      const got = (await e.metadata!())!;
      for (const k of ["mode", "uid", "gid", "mtime", "btime"]) expect(got[k], `${e.remote} ${k}`).toBe(want[k]);
    }
  });
});

describe("failed and short writes", () => {
  it("a failed Update removes the file rather than leave it half-written", async () => {
    const { ctx, lines } = captureContext();
    const f = await makeLocal(join(tmp.dir, "w1"), {}, ctx);
    const o = await f.put(readerOf("old content"), staticInfo("f.txt", T, 11));
    const big = Buffer.alloc(3 << 20, 1);
    await expect(o.update(failingReader(big, new Error("potato")), staticInfo("f.txt", T, 6 << 20))).rejects.toThrow("potato");
    expect(existsSync(join(f.osRoot, "f.txt"))).toBe(false);
    expect(lines.some((l) => l.includes("Removing partially written file on error: potato"))).toBe(true);
  });

  it("a source that ends early gives an object of the bytes supplied", async () => {
    const f = await makeLocal(join(tmp.dir, "w2"));
    const o = await f.put(readerOf("12345"), staticInfo("short.bin", T, 10));
    expect(o.size).toBe(5);
  });

  it("an aborted Put leaves nothing", async () => {
    const f = await makeLocal(join(tmp.dir, "w3"));
    const ac = new AbortController();
    let n = 0;
    const src = new Readable({
      read() {
        n++;
        if (n === 3) ac.abort();
        this.push(n < 100 ? Buffer.alloc(64 * 1024) : null);
      },
    });
    await expect(f.put(src, staticInfo("ab.bin", T, -1), { signal: ac.signal })).rejects.toBeDefined();
    expect(existsSync(join(f.osRoot, "ab.bin"))).toBe(false);
  });

  it("an abort reaches a source that has stalled", async () => {
    const f = await makeLocal(join(tmp.dir, "w5"));
    const ac = new AbortController();
    const stalled = new Readable({ read() {} });
    stalled.push(Buffer.from("some bytes"));
    const put = f.put(stalled, staticInfo("stall.bin", T, 100), { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(put).rejects.toBeDefined();
    expect(existsSync(join(f.osRoot, "stall.bin"))).toBe(false);
  });

  it("pulls the source only as fast as it writes (back-pressure), with the right content", async () => {
    const f = await makeLocal(join(tmp.dir, "w4"));
    const file = join(f.osRoot, "stream.bin");
    const chunk = Buffer.alloc(256 * 1024, 0xab);
    const total = 256; // 64 MiB
    let produced = 0;
    let maxLag = 0;
    const src = new Readable({
      highWaterMark: 256 * 1024,
      read() {
        if (existsSync(file)) maxLag = Math.max(maxLag, produced * chunk.length - statSync(file).size);
        produced++;
        this.push(produced <= total ? chunk : null);
      },
    });
    const o = await f.put(src, staticInfo("stream.bin", T, -1), { hashes: hashSet("md5") });
    expect(o.size).toBe(total * chunk.length);
    // Two write batches of 1 MiB plus the stream's own buffer is all that may be in flight.
    expect(maxLag).toBeLessThanOrEqual(4 * 1024 * 1024);
    const back = await readAll(await o.open());
    expect(back.equals(Buffer.alloc(total * chunk.length, 0xab))).toBe(true);
  });
});
