/**
 * Test helpers of the conformance suite, written against the fs contract
 * only (rclone's fstest package plays this part): items with their expected
 * hashes, static ObjectInfos, recursive walks, listing checks, fingerprints
 * and a generic purge.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { expect } from "vitest";
import { FsError, isKind, shouldRetry } from "../../src/fs/errors.js";
import { hashTypes, MultiHasher, hashGetOne, type HashSet, type HashType } from "../../src/fs/hash.js";
import { compareNames } from "../../src/fs/names.js";
import {
  MODTIME_NOT_SUPPORTED,
  type DirEntry,
  type Directory,
  type Duration,
  type Fs,
  type Info,
  type Obj,
  type ObjectInfo,
  type OpenOptions,
  type PutOptions,
  type Time,
} from "../../src/fs/types.js";
import { makeFeatures } from "../../src/fs/types.js";

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Random letters and digits, like rclone's random.String. */
export function randomString(n: number): string {
  const b = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += ALNUM[b[i]! % ALNUM.length];
  return s;
}

/** Parses an RFC 3339 time with up to nanosecond fractions ("2001-02-03T04:05:06.499999999Z"). */
export function parseTime(s: string): Time {
  const m = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  const ms = Date.parse(m[1]! + "Z");
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/** Formats ns since the epoch as RFC 3339 in UTC with the full fraction trimmed. */
export function formatTime(t: Time): string {
  const sec = t / 1_000_000_000n - (t % 1_000_000_000n < 0n ? 1n : 0n);
  const ns = t - sec * 1_000_000_000n;
  const base = new Date(Number(sec) * 1000).toISOString().replace(/\.000Z$/, "");
  return ns === 0n ? base + "Z" : `${base}.${ns.toString().padStart(9, "0").replace(/0+$/, "")}Z`;
}

export const nowNs = (): Time => BigInt(Date.now()) * 1_000_000n;

/** A file the suite expects to find: path, time, size and hashes of its content. */
export interface Item {
  path: string;
  modTime: Time;
  size: number;
  hashes: Map<HashType, string>;
}

/** An item with the hashes of content computed for every type in set. */
export async function makeItem(path: string, content: Buffer | string, modTime: Time, set: HashSet): Promise<Item> {
  const data = typeof content === "string" ? Buffer.from(content) : content;
  const h = await MultiHasher.create(set);
  h.update(data);
  return { path, modTime, size: data.length, hashes: h.sums() };
}

/** An Info with no features, for ObjectInfos that belong to no Fs. */
const NO_FS: Info = {
  name: "static",
  root: "",
  toString: () => "static",
  precision: () => 1n,
  hashes: () => 0,
  features: makeFeatures({}),
};

/** rclone's object.NewStaticObjectInfo: an ObjectInfo from plain values. */
export function staticInfo(remote: string, modTime: Time, size: number, fs: Info = NO_FS): ObjectInfo {
  return {
    isDir: false,
    remote,
    size,
    fs,
    storable: true,
    modTime: async () => modTime,
    hash: async () => "",
    toString: () => remote,
  };
}

/** A stream of the given bytes. */
export function readerOf(data: Buffer | string): Readable {
  const buf = typeof data === "string" ? Buffer.from(data) : data;
  return Readable.from(buf.length === 0 ? [] : [buf], { objectMode: false });
}

/** A stream that yields data and then fails with err. */
export function failingReader(data: Buffer, err: Error): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(data);
      } else {
        this.destroy(err);
      }
    },
  });
}

/** Reads a whole stream. */
export async function readAll(r: Readable, limit = -1): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of r) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    parts.push(b);
    n += b.length;
    if (limit >= 0 && n >= limit) break;
  }
  r.destroy();
  const all = Buffer.concat(parts);
  return limit >= 0 ? all.subarray(0, limit) : all;
}

/** Opens and reads an object (at most limit bytes if limit >= 0). */
export async function readObject(o: Obj, limit = -1, options?: OpenOptions): Promise<string> {
  return (await readAll(await o.open(options), limit)).toString("latin1");
}

/** Calls fn until it succeeds or fails with an error a retry would not help (rclone fstests' retry). */
export async function retry<T>(what: string, fn: () => Promise<T>, tries = 10): Promise<T> {
  let last: unknown;
  for (let i = 1; i <= tries; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      if (!(err instanceof FsError && err.retry) && !shouldRetry(err)) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  throw new Error(`${what}: ${(last as Error).message}`, { cause: last });
}

/** Objects and directories below dir, at most maxLevel deep (-1: all), like rclone's walk.GetAll. */
export async function walkAll(f: Fs, dir: string, maxLevel = -1): Promise<{ objs: Obj[]; dirs: Directory[] }> {
  const objs: Obj[] = [];
  const dirs: Directory[] = [];
  const walk = async (d: string, level: number): Promise<void> => {
    const entries = await f.list(d);
    for (const e of entries) {
      if (e.isDir) {
        dirs.push(e);
        if (maxLevel < 0 || level + 1 < maxLevel) await walk(e.remote, level + 1);
      } else objs.push(e);
    }
  };
  await walk(dir, 0);
  return { objs, dirs };
}

export const names = (entries: readonly DirEntry[]): string[] => entries.map((e) => e.remote).sort(compareNames);

/** True if |a-b| < precision (or precision says times are not kept). */
export function timeClose(a: Time, b: Time, precision: Duration): boolean {
  if (precision >= MODTIME_NOT_SUPPORTED) return true;
  const d = a > b ? a - b : b - a;
  return d < precision;
}

/** Checks an object against an item: every hash the Fs offers, the size, the time. */
export async function checkItem(item: Item, o: Obj, precision: Duration): Promise<void> {
  for (const t of hashTypes(o.fs.hashes())) {
    const got = await o.hash(t);
    const want = item.hashes.get(t) ?? "";
    if (got !== "" && want !== "") expect(got, `${o.remote}: ${t} hash`).toBe(want);
  }
  expect(o.size, `${item.path}: size`).toBe(item.size);
  const mt = await o.modTime();
  expect(timeClose(item.modTime, mt, precision), `${item.path}: time want ${formatTime(item.modTime)} got ${formatTime(mt)}`).toBe(true);
}

/**
 * Lists the Fs recursively from dir and checks that it holds exactly these
 * items (and, if given, these directories).
 */
export async function checkListing(f: Fs, items: Item[], expectedDirs?: string[], precision = f.precision(), dir = ""): Promise<void> {
  let dirsWanted = expectedDirs;
  if (dirsWanted && !f.features.canHaveEmptyDirectories) {
    const present = new Set<string>();
    for (const it of items) {
      let d = it.path;
      while (d.includes("/")) {
        d = d.slice(0, d.lastIndexOf("/"));
        present.add(d);
      }
    }
    dirsWanted = dirsWanted.filter((d) => present.has(d));
  }
  let objs: Obj[] = [];
  let dirs: Directory[] = [];
  try {
    ({ objs, dirs } = await walkAll(f, dir));
  } catch (err) {
    if (!isKind(err, "dirNotFound")) throw err;
  }
  const describe = (xs: { path: string; size: number }[]): string =>
    xs
      .map((x) => `${x.path} (${x.size})`)
      .sort()
      .join(", ");
  expect(describe(objs.map((o) => ({ path: o.remote, size: o.size }))), "listing").toBe(describe(items));
  const byName = new Map(items.map((i) => [i.path, i]));
  for (const o of objs) await checkItem(byName.get(o.remote)!, o, precision);
  if (dirsWanted) expect(names(dirs)).toEqual([...dirsWanted].sort(compareNames));
}

/** rclone's fs.Fingerprint: size, time, and (unless fast on a slow-hash Fs) the preferred hash. */
export async function fingerprint(o: Obj, fast: boolean): Promise<string> {
  let s = String(o.size);
  const f = o.fs;
  if ((!fast || !f.features.slowModTime) && f.precision() !== MODTIME_NOT_SUPPORTED) s += "," + String(await o.modTime());
  if (!fast || !f.features.slowHash) {
    const t = hashGetOne(f.hashes());
    if (t) {
      try {
        s += "," + (await o.hash(t));
      } catch {
        // as rclone: a hash that fails is left out
      }
    }
  }
  return s;
}

/** Checks that an object in memory and the same object read back have the same fingerprints. */
export async function checkFingerprint(memory: Obj, reloaded: Obj): Promise<void> {
  for (const fast of [false, true]) {
    expect(await fingerprint(memory, fast), `fingerprint fast=${fast}`).toBe(await fingerprint(reloaded, fast));
  }
}

/** Puts content at item.path, checks it there and as re-read, and returns the object. */
export async function putChecked(f: Fs, item: Item, content: Buffer | string, options?: PutOptions): Promise<Obj> {
  const data = typeof content === "string" ? Buffer.from(content) : content;
  const obj = await retry("Put", () => f.put(readerOf(data), staticInfo(item.path, item.modTime, data.length), options));
  const precision = f.precision();
  await checkItem(item, obj, precision);
  const again = await f.newObject(item.path);
  await checkItem(item, again, precision);
  await checkFingerprint(obj, again);
  return again;
}

/** Deletes dir and everything in it using only list/remove/rmdir (operations.Purge's fallback). */
export async function purge(f: Fs, dir: string): Promise<void> {
  if (f.features.purge) {
    await f.features.purge(dir);
    return;
  }
  const { objs, dirs } = await walkAll(f, dir);
  for (const o of objs) await o.remove();
  const ds = dirs.map((d) => d.remote).sort((a, b) => b.split("/").length - a.split("/").length || compareNames(b, a));
  for (const d of ds) await f.rmdir(d);
  await f.rmdir(dir);
}

/** Joins a leaf onto a `remote:path` root. */
export function joinRoot(root: string, leaf: string): string {
  if (root.endsWith("/") || root.endsWith(":") || root === "") return root + leaf;
  return `${root}/${leaf}`;
}

/** Splits a root into its parent and last element ("remote:a/b" → ["remote:a", "b"]). */
export function splitRoot(root: string): [string, string] {
  const i = root.lastIndexOf("/");
  const c = root.indexOf(":");
  if (i < 0 || i < c) return [root.slice(0, c + 1), root.slice(c + 1)];
  return [root.slice(0, i === 0 ? 1 : i), root.slice(i + 1)];
}
