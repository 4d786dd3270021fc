/**
 * The Object tests of the conformance suite (ObjectString … ObjectStorable),
 * run on file1 while file1 and file2 are in place.
 */
import { expect, it } from "vitest";
import { hashTypes } from "../../src/fs/hash.js";
import type { Metadata, Obj, OpenOptions, Time } from "../../src/fs/types.js";
import { checkEntryMetadata, metaTime, putRandom } from "./files.js";
import {
  checkFingerprint,
  checkItem,
  checkListing,
  formatTime,
  makeItem,
  parseTime,
  randomString,
  readObject,
  readerOf,
  retry,
  staticInfo,
  timeClose,
} from "./helpers.js";
import type { SuiteState } from "./suite.js";

type Skipper = { skip: (note?: string) => void };

/** An object's optional setMetadata, which the contract does not name yet. */
export function setMetadataOf(o: object): ((m: Metadata) => Promise<void>) | undefined {
  const fn = (o as { setMetadata?: unknown }).setMetadata;
  return typeof fn === "function" ? (m: Metadata) => (fn as (m: Metadata) => Promise<void>).call(o, m) : undefined;
}

/** A directory's optional setModTime, which the contract does not name yet. */
export function setModTimeOf(o: object): ((t: Time) => Promise<void>) | undefined {
  const fn = (o as { setModTime?: unknown }).setModTime;
  return typeof fn === "function" ? (t: Time) => (fn as (t: Time) => Promise<void>).call(o, t) : undefined;
}

export function registerObjectTests(s: SuiteState, need: (t: Skipper) => void): void {
  const file1 = (): Promise<Obj> => s.f.newObject(s.file1.path);

  it("ObjectString", async (t) => {
    need(t);
    expect((await file1()).toString()).toBe(s.file1.path);
  });

  it("ObjectFs", async (t) => {
    need(t);
    const o = await file1();
    const expected = o.fs === s.f ? s.f : (s.f.features.unWrap?.() ?? s.f);
    expect(o.fs).toBe(expected);
  });

  it("ObjectRemote", async (t) => {
    need(t);
    expect((await file1()).remote).toBe(s.file1.path);
  });

  it("ObjectHashes", async (t) => {
    need(t);
    const o = await file1();
    for (const ht of hashTypes(s.f.hashes())) {
      const got = await o.hash(ht);
      const want = s.file1.hashes.get(ht) ?? "";
      if (got !== "" && want !== "") expect(got, ht).toBe(want);
    }
  });

  it("ObjectModTime", async (t) => {
    need(t);
    const o = await file1();
    expect(timeClose(s.file1.modTime, await o.modTime(), s.f.precision())).toBe(true);
  });

  it("ObjectMimeType", async (t) => {
    need(t);
    const o = await file1();
    if (!o.mimeType) {
      expect(s.f.features.readMimeType).toBe(false);
      t.skip("no MimeType method");
    }
    const mt = await o.mimeType!();
    if (!s.f.features.readMimeType) expect(mt).toBe("");
    else if (!s.f.features.writeMimeType) expect(["text/plain", "text/plain; charset=utf-8"]).toContain(mt);
  });

  it("ObjectMetadata", async (t) => {
    need(t);
    const o = await file1();
    const ft = s.f.features;
    if (!o.metadata) {
      expect(ft.readMetadata).toBe(false);
      t.skip("no Metadata method");
    }
    const m = await o.metadata!();
    for (const [k, v] of Object.entries(m ?? {})) {
      if (k === "atime" || k === "btime" || k === "mtime") {
        const tm = metaTime(v);
        if (k === "mtime") expect(timeClose(s.file1.modTime, tm, s.f.precision()), `mtime ${v}`).toBe(true);
      }
    }
    if (!ft.readMetadata || !ft.writeMetadata) return;
    expect(m).toBeDefined();
    if (ft.userMetadata) expect(m!["rclonetest"]).toBe("potato");
    // An mtime in the metadata wins over the source's own time.
    const mtimeModTime = parseTime("2002-02-03T04:05:06.499999999Z");
    const srcTime = parseTime("2003-02-03T04:05:06.499999999Z");
    const content = randomString(100);
    const item = await makeItem("metadatatest", content, mtimeModTime, s.f.hashes());
    const metadata = { mtime: formatTime(mtimeModTime), "content-type": "application/zip" };
    const mo = await s.f.put(readerOf(content), staticInfo(item.path, srcTime, content.length), { metadata });
    await checkItem(item, mo, s.f.precision());
    await checkItem(item, await s.f.newObject(item.path), s.f.precision());
    await mo.remove();
  });

  it("ObjectSetMetadata", async (t) => {
    need(t);
    const ft = s.f.features;
    const set = setMetadataOf(await file1());
    if (!set) t.skip("no SetMetadata method");
    expect(ft.writeMetadata || ft.overlay).toBe(true);
    if (!ft.readMetadata) t.skip("can't test SetMetadata without ReadMetadata");
    const t1 = parseTime("2003-02-03T04:05:06.499999999Z");
    const t2 = parseTime("2004-03-03T04:05:06.499999999Z");
    const item = await makeItem("test set metadata.txt", "", t1, s.f.hashes());
    const meta1 = { mtime: formatTime(t1), potato: "jersey" };
    const [, o] = await putRandom(s.f, item, meta1);
    await checkEntryMetadata(s.f, await o.metadata!(), meta1, false);
    const meta2 = { mtime: formatTime(t2), potato: "royal" };
    await setMetadataOf(o)!(meta2);
    item.modTime = t2;
    await checkListing(s.f, [s.file1, s.file2, item]);
    await checkEntryMetadata(s.f, await o.metadata!(), meta2, false);
    await checkEntryMetadata(s.f, await (await s.f.newObject(item.path)).metadata!(), meta2, false);
    await o.remove();
  });

  it("ObjectSetModTime", async (t) => {
    need(t);
    const newTime = parseTime("2011-12-13T14:15:16.999999999Z");
    const o = await file1();
    await o.setModTime(newTime);
    s.file1.modTime = newTime;
    expect(timeClose(newTime, await o.modTime(), s.f.precision())).toBe(true);
    await checkFingerprint(o, await file1());
    expect(timeClose(newTime, await (await file1()).modTime(), s.f.precision())).toBe(true);
  });

  it("ObjectSize", async (t) => {
    need(t);
    expect((await file1()).size).toBe(s.file1.size);
  });

  it("ObjectOpen", async (t) => {
    need(t);
    expect(await readObject(await file1())).toBe(s.file1Contents);
  });

  it("ObjectOpenSeek", async (t) => {
    need(t);
    expect(await readObject(await file1(), -1, { seek: 50 })).toBe(s.file1Contents.slice(50));
  });

  it("ObjectOpenRange", async (t) => {
    need(t);
    const o = await file1();
    const cases: [number, number, number, number][] = [
      [5, 15, 5, 16],
      [80, -1, 80, 100],
      [81, 100000, 81, 100],
      [-1, 20, 80, 100], // no start: the last `end` bytes
    ];
    for (const [start, end, from, to] of cases) {
      const got = await readObject(o, -1, { range: { start, end } });
      expect(got, `range ${start}-${end}`).toBe(s.file1Contents.slice(from, to));
    }
  });

  it("ObjectPartialRead", async (t) => {
    need(t);
    expect(await readObject(await file1(), 50)).toBe(s.file1Contents.slice(0, 50));
  });

  it("ObjectOpenFingerprint", async (t) => {
    need(t);
    const o = await file1();
    await readObject(o);
    const reference = await file1();
    await readObject(reference);
    const opens: OpenOptions[] = [{}, { seek: 50 }, { range: { start: 5, end: 15 } }, { range: { start: 80, end: -1 } }];
    for (const options of opens) {
      await readObject(o, -1, options);
      await checkFingerprint(o, reference);
    }
    const fresh = await file1();
    await readObject(fresh);
    await checkFingerprint(fresh, reference);
  });

  it("ObjectUpdate", async (t) => {
    need(t);
    const contents = randomString(200);
    const o = await file1();
    const before = o.remote;
    const src = staticInfo(s.file1.path + "-should-be-ignored.bin", s.file1.modTime, contents.length, o.fs);
    await retry("Update object", () => o.update(readerOf(contents), src));
    expect(o.remote).toBe(before);
    const updated = await makeItem(s.file1.path, contents, s.file1.modTime, s.f.hashes());
    s.file1.size = updated.size;
    s.file1.hashes = updated.hashes;
    await checkItem(s.file1, o, s.f.precision());
    const again = await file1();
    await checkItem(s.file1, again, s.f.precision());
    await checkFingerprint(o, again);
    expect(await readObject(again)).toBe(contents);
    s.file1Contents = contents;
  });

  it("ObjectStorable", async (t) => {
    need(t);
    expect((await file1()).storable).toBe(true);
  });
}
