/**
 * Fixtures of the sync/operations specifications (rclone's fstest.Run plays
 * this part): a temporary "local" and "remote" directory per test, files
 * written with exact modification times, tree listings to compare against,
 * an operations context whose log is kept, and Fs wrappers that observe or
 * break a real local Fs (listing concurrency, failing reads, slow writes).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { expect } from "vitest";
import "../../src/backends/index.js";
import { Filter } from "../../src/filter/index.js";
import { defaultGlobalOptions, type GlobalOptions } from "../../src/fs/globals.js";
import { Logger, LogLevel } from "../../src/fs/log.js";
import { newFsFromPath } from "../../src/fs/newfs.js";
import type { DirEntry, Duration, Features, Fs, Obj, ObjectInfo, OpenOptions, PutOptions, Time } from "../../src/fs/types.js";
import type { HashSet } from "../../src/fs/hash.js";
import { newOpsContext, type OpsContext } from "../../src/ops/context.js";

/** Times used by the fixtures (µs precision so that utimes keeps them exactly enough). */
export const T1: Time = isoNs("2001-02-03T04:05:06.499999Z");
export const T2: Time = isoNs("2011-12-25T12:59:59.123456Z");
export const T3: Time = isoNs("2011-12-30T12:59:59.000000Z");

/** An RFC 3339 time with up to 9 fraction digits as ns since the epoch. */
export function isoNs(s: string): Time {
  const m = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  return BigInt(Date.parse(m[1]! + "Z")) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/** Largest difference between a time set with utimes and the one asked for. */
const TIME_SLACK: Duration = 2_000n;

/** The directories of one test: `local` plays the source, `remote` the destination. */
export interface Run {
  /** Parent of both; other sibling directories may be made here. */
  dir: string;
  local: string;
  remote: string;
  cleanup(): void;
}

export function newRun(): Run {
  const dir = mkdtempSync(join(tmpdir(), "tclone-sync-"));
  const local = join(dir, "local");
  const remote = join(dir, "remote");
  mkdirSync(local);
  mkdirSync(remote);
  return { dir, local, remote, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A file as the tests expect to find it. */
export interface Item {
  path: string;
  content: string | Buffer;
  /** Expected modification time, if it matters. */
  mtime?: Time;
}

/** Sets a path's modification time (ns; µs precision is kept). */
export function setMtime(p: string, mtime: Time): void {
  const secs = Number(mtime / 1000n) / 1e6;
  utimesSync(p, secs, secs);
}

/** Writes a file below root (making its directories) with the given modification time. */
export function writeFile(root: string, rel: string, content: string | Buffer, mtime: Time): Item {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  setMtime(p, mtime);
  return { path: rel, content, mtime };
}

/** Makes a directory (and its parents) below root. */
export function makeDir(root: string, rel: string, mtime?: Time): void {
  const p = join(root, rel);
  mkdirSync(p, { recursive: true });
  if (mtime !== undefined) setMtime(p, mtime);
}

/** Modification time of a path in ns. */
export function mtimeOf(p: string): Time {
  return statSync(p, { bigint: true }).mtimeNs;
}

/** Every file (path → content) and directory below root, paths `/`-separated and sorted. */
export function listTree(root: string): { files: Map<string, Buffer>; dirs: string[] } {
  const files = new Map<string, Buffer>();
  const dirs: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        dirs.push(r);
        walk(r);
      } else files.set(r, readFileSync(join(root, r)));
    }
  };
  walk("");
  dirs.sort();
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), dirs };
}

/** Asserts that root holds exactly these files, with these contents (and times where given). */
export function expectFiles(root: string, items: Item[]): void {
  const { files } = listTree(root);
  const want = [...items].map((i) => i.path).sort();
  expect([...files.keys()]).toEqual(want);
  for (const i of items) {
    expect(files.get(i.path)?.toString("latin1"), `content of ${i.path}`).toBe(Buffer.from(i.content).toString("latin1"));
    if (i.mtime !== undefined) expectTime(mtimeOf(join(root, i.path)), i.mtime, i.path);
  }
}

/** Asserts that root holds exactly these directories. */
export function expectDirs(root: string, dirs: string[]): void {
  expect(listTree(root).dirs).toEqual([...dirs].sort());
}

/** Asserts two times are equal to within what utimes keeps. */
export function expectTime(got: Time, want: Time, what = "time"): void {
  const d = got > want ? got - want : want - got;
  expect(d <= TIME_SLACK, `${what}: got ${got} want ${want}`).toBe(true);
}

/** An item at another path (same content and time). */
export function moved(i: Item, path: string): Item {
  return { ...i, path };
}

/** An operations context with a filter built from the options, and its log lines kept. */
export interface Env {
  ctx: OpsContext;
  lines: string[];
  /** True if some log line matches. */
  logged(re: RegExp): boolean;
  /** The log lines matching. */
  matching(re: RegExp): string[];
}

/** A context with these options whose log (at level, Debug unless told) is kept in lines. */
export async function newEnv(opt: Partial<GlobalOptions> = {}, level: LogLevel = LogLevel.Debug): Promise<Env> {
  const lines: string[] = [];
  const log = new Logger();
  log.level = level;
  log.sink = (l) => {
    lines.push(l);
  };
  const full = { ...defaultGlobalOptions(), ...opt };
  const filter = await Filter.create(full);
  const ctx = newOpsContext({ opt: full, log, filter });
  return {
    ctx,
    lines,
    logged: (re) => lines.some((l) => re.test(l)),
    matching: (re) => lines.filter((l) => re.test(l)),
  };
}

/** An Fs for a path (local paths need no config). */
export function fsAt(env: Env, path: string): Promise<Fs> {
  return newFsFromPath(path, env.ctx);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A stream with the same bytes as src, delivered `chunk` bytes at a time every `delayMs` (a slow link). */
export function throttled(src: Readable, chunk: number, delayMs: number): Readable {
  async function* gen(): AsyncGenerator<Buffer> {
    for await (const c of src as AsyncIterable<Buffer>) {
      for (let i = 0; i < c.length; i += chunk) {
        await sleep(delayMs);
        yield c.subarray(i, i + chunk);
      }
    }
  }
  const out = Readable.from(gen(), { objectMode: false });
  out.on("close", () => src.destroy());
  return out;
}

/** What a WrappedFs lets a test change or observe. */
export interface FsHooks {
  /** Runs around every listing of one directory. */
  list?(dir: string, next: () => Promise<DirEntry[]>): Promise<DirEntry[]>;
  /** Runs instead of an object's open; `next` opens the real object. */
  open?(o: Obj, options: OpenOptions | undefined, next: () => Promise<Readable>): Promise<Readable>;
  /** Runs around every put. */
  put?(src: ObjectInfo, next: () => Promise<Obj>): Promise<Obj>;
}

/**
 * A real Fs seen through hooks. It keeps the wrapped Fs's name and root (so
 * it is "the same remote" for server-side operations and overlap checks)
 * and hands out its objects wrapped so that their reads can be hooked too.
 */
export class WrappedFs implements Fs {
  constructor(
    readonly inner: Fs,
    private readonly hooks: FsHooks,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get root(): string {
    return this.inner.root;
  }
  /**
   * The wrapped Fs's features, less copyData when reads or writes are
   * hooked: copyData moves the bytes without an open or a put, so the
   * hooks would not see them (and whether the local backend uses it
   * depends on how fast the disk is at the time).
   */
  get features(): Features {
    if (!this.hooks.put && !this.hooks.open) return this.inner.features;
    return { ...this.inner.features, copyData: undefined };
  }
  toString(): string {
    return this.inner.toString();
  }
  precision(): Duration {
    return this.inner.precision();
  }
  hashes(): HashSet {
    return this.inner.hashes();
  }

  private wrap(o: Obj): Obj {
    const open = this.hooks.open;
    if (!open) return o;
    return new Proxy(o, {
      // Not the backend's own object any more: a destination's copyData (which reads a
      // local source directly, bypassing open) must not take it for one.
      getPrototypeOf: () => Object.prototype,
      get(target, prop, receiver) {
        if (prop === "open") return (options?: OpenOptions) => open(target, options, () => target.open(options));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  async list(dir: string): Promise<DirEntry[]> {
    const next = (): Promise<DirEntry[]> => this.inner.list(dir);
    const entries = this.hooks.list ? await this.hooks.list(dir, next) : await next();
    return entries.map((e) => (e.isDir ? e : this.wrap(e)));
  }
  async newObject(remote: string): Promise<Obj> {
    return this.wrap(await this.inner.newObject(remote));
  }
  async put(data: Readable, src: ObjectInfo, options?: PutOptions): Promise<Obj> {
    const next = (): Promise<Obj> => this.inner.put(data, src, options);
    return this.wrap(this.hooks.put ? await this.hooks.put(src, next) : await next());
  }
  mkdir(dir: string): Promise<void> {
    return this.inner.mkdir(dir);
  }
  rmdir(dir: string): Promise<void> {
    return this.inner.rmdir(dir);
  }
}
