/**
 * Engine overhead per file, without any I/O: syncs 10,000 small files
 * between two in-memory file systems and reports microseconds per file.
 * Run: npx tsx bench/engine-overhead.ts   (or with node --cpu-prof)
 */
import { Readable } from "node:stream";
import { STREAM_BUFFER, type HashedStream } from "../src/accounting/stream.js";
import { hashBit, hashBytes, type HashType } from "../src/fs/hash.js";
import { makeFeatures, type DirEntry, type Directory, type Fs, type Info, type Obj, type ObjectInfo } from "../src/fs/types.js";
import { newOpsContext } from "../src/ops/context.js";
import { sync } from "../src/ops/sync.js";

const MD5 = hashBit("md5");

class MemObj implements Obj {
  readonly isDir = false;
  readonly storable = true;
  sums = new Map<HashType, string>();
  constructor(readonly fs: MemFs, readonly remote: string, public data: Buffer, public mtime: bigint) {}
  get size(): number {
    return this.data.length;
  }
  async modTime(): Promise<bigint> {
    return this.mtime;
  }
  async hash(t: HashType): Promise<string> {
    let h = this.sums.get(t);
    if (h === undefined) this.sums.set(t, (h = await hashBytes(t, this.data)));
    return h;
  }
  toString(): string {
    return this.remote;
  }
  async setModTime(t: bigint): Promise<void> {
    this.mtime = t;
  }
  async open(): Promise<Readable> {
    const r = Readable.from([this.data]);
    (r as Readable & HashedStream)[STREAM_BUFFER] = this.data;
    return r;
  }
  async update(data: Readable, src: ObjectInfo): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of data as AsyncIterable<Buffer>) chunks.push(c);
    this.data = Buffer.concat(chunks);
    this.mtime = await src.modTime();
    this.sums.clear();
  }
  async remove(): Promise<void> {
    this.fs.files.delete(this.remote);
  }
}

class MemFs implements Fs {
  readonly files = new Map<string, MemObj>();
  readonly features;
  constructor(readonly name: string, readonly root: string) {
    this.features = makeFeatures({ canHaveEmptyDirectories: true, partialUploads: true }, { move: (o, r) => this.move(o, r) });
  }
  precision(): bigint {
    return 1n;
  }
  hashes(): number {
    return MD5;
  }
  toString(): string {
    return `mem ${this.name}`;
  }
  async list(dir: string): Promise<DirEntry[]> {
    const out: DirEntry[] = [];
    const seen = new Set<string>();
    const prefix = dir === "" ? "" : dir + "/";
    for (const [k, o] of this.files) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash < 0) out.push(o);
      else {
        const d = prefix + rest.slice(0, slash);
        if (!seen.has(d)) {
          seen.add(d);
          const fs: Info = this;
          out.push({ isDir: true, remote: d, size: -1, items: -1, id: "", fs, modTime: async () => 1n, toString: () => d } as Directory);
        }
      }
    }
    return out;
  }
  async newObject(remote: string): Promise<Obj> {
    const o = this.files.get(remote);
    if (!o) throw Object.assign(new Error("object not found"), { kind: "objectNotFound" });
    return o;
  }
  async put(data: Readable, src: ObjectInfo): Promise<Obj> {
    const o = new MemObj(this, src.remote, Buffer.alloc(0), 0n);
    await o.update(data, src);
    this.files.set(src.remote, o);
    return o;
  }
  async mkdir(): Promise<void> {}
  async rmdir(): Promise<void> {}
  async move(o: Obj, remote: string): Promise<Obj> {
    const m = o as MemObj;
    this.files.delete(m.remote);
    const n = new MemObj(this, remote, m.data, m.mtime);
    n.sums = m.sums;
    this.files.set(remote, n);
    return n;
  }
}

const src = new MemFs("src", "/src");
const dst = new MemFs("dst", "/dst");
const data = Buffer.alloc(4096, 7);
for (let d = 0; d < 100; d++) for (let f = 0; f < 100; f++) {
  const r = `d${d}/f${f}.bin`;
  src.files.set(r, new MemObj(src, r, data, 1_700_000_000_000_000_000n));
}
const ctx = newOpsContext();
const t0 = performance.now();
await sync(ctx, dst, src);
const dt = performance.now() - t0;
console.log(`${dst.files.size} files, ${dt.toFixed(0)} ms, ${((dt * 1000) / 10000).toFixed(1)} us/file`);
