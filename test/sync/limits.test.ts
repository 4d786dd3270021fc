/**
 * Limits and failures: --max-transfer, --max-duration, a source that fails
 * to read (low-level retries, error counting, no deletes), and the engine's
 * promise to work one directory at a time with bounded queues.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsError, isFatal, isKind } from "../../src/fs/errors.js";
import type { GlobalOptions } from "../../src/fs/globals.js";
import type { DirEntry } from "../../src/fs/types.js";
import { copy, sync } from "../../src/ops/sync.js";
import {
  T1,
  T2,
  WrappedFs,
  expectFiles,
  fsAt,
  listTree,
  newEnv,
  newRun,
  sleep,
  throttled,
  writeFile,
  type FsHooks,
  type Run,
} from "./helpers.js";

let r: Run;
beforeEach(() => {
  r = newRun();
});
afterEach(() => r.cleanup());

async function attempt(p: Promise<void>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe("--max-transfer", () => {
  const sizes = { file1: 5 * 1024, file2: 2 * 1024, file3: 3 * 1024 };
  const cases: { mode: string; fatal: boolean; want: string[] }[] = [
    // HARD: the transfer that crosses the limit is cut off and the run stops at once.
    { mode: "HARD", fatal: true, want: [] },
    // SOFT: the transfer under way finishes; no new one starts.
    { mode: "SOFT", fatal: false, want: ["file1"] },
    // CAUTIOUS: a transfer that would cross the limit is not started.
    { mode: "CAUTIOUS", fatal: false, want: [] },
  ];
  for (const c of cases) {
    it(`sync --max-transfer with --cutoff-mode ${c.mode} stops ${c.fatal ? "with a fatal error" : "gracefully"} and deletes nothing`, async () => {
      for (const [name, size] of Object.entries(sizes)) writeFile(r.local, name, Buffer.alloc(size), T1);
      const keep = writeFile(r.remote, "only-on-remote", "keep me", T1);
      const env = await newEnv({ maxTransfer: 3 * 1024, cutoffMode: c.mode, transfers: 1, checkers: 1 });
      const err = await attempt(sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local)));
      expect(isKind(err, "maxTransferLimitReached")).toBe(true);
      expect(isFatal(err)).toBe(c.fatal);
      const { files } = listTree(r.remote);
      expect([...files.keys()].filter((n) => n !== keep.path)).toEqual(c.want);
      for (const n of c.want) expect(files.get(n)?.length).toBe(sizes[n as keyof typeof sizes]);
      // No partial file is left behind, and nothing was deleted.
      expect(files.has(keep.path)).toBe(true);
      expect(env.ctx.stats.deletes).toBe(0);
    });
  }
});

describe("--max-duration", () => {
  for (const mode of ["HARD", "SOFT"]) {
    it(`sync --max-duration with --cutoff-mode ${mode} ${mode === "HARD" ? "cancels the transfer under way" : "lets the transfer under way finish"} and fails with max duration reached`, async () => {
      const file1 = writeFile(r.local, "file1", Buffer.alloc(16), T1);
      const file2 = writeFile(r.local, "file2", Buffer.alloc(50 * 1024), T1);
      const env = await newEnv({ maxDuration: 250_000_000n, cutoffMode: mode, checkFirst: true, transfers: 1, checkers: 1 });
      // Reading file2 takes about 600 ms (a slow link, as rclone's test gets with --bwlimit).
      const slow: FsHooks = {
        open: async (o, _options, next) => (o.remote === "file2" ? throttled(await next(), 1024, 12) : next()),
      };
      const fsrc = new WrappedFs(await fsAt(env, r.local), slow);
      const start = Date.now();
      const err = await attempt(sync(env.ctx, await fsAt(env, r.remote), fsrc));
      const elapsed = Date.now() - start;
      expect(isKind(err, "maxDurationReached")).toBe(true);
      expect(isFatal(err)).toBe(true);
      expectFiles(r.remote, mode === "HARD" ? [file1] : [file1, file2]);
      expect(env.ctx.stats.transfers).toBe(mode === "HARD" ? 1 : 2);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(20_000);
    });
  }
});

/** A source whose object `name` fails to open the first `failures` times (Infinity = always). */
function failingSource(name: string, failures: number): { hooks: FsHooks; opens: () => number } {
  let opens = 0;
  return {
    opens: () => opens,
    hooks: {
      open: (o, _options, next) => {
        if (o.remote !== name) return next();
        opens++;
        if (opens <= failures) return Promise.reject(new FsError("io", "injected read failure", { retry: true }));
        return next();
      },
    },
  };
}

describe("a failing source", () => {
  function fixture(): { good: ReturnType<typeof writeFile>; extra: ReturnType<typeof writeFile> } {
    const good = writeFile(r.local, "a/good", "good data", T1);
    writeFile(r.local, "b/broken", "broken data", T1);
    const extra = writeFile(r.remote, "old/only-on-dst", "old", T2);
    return { good, extra };
  }

  it("sync does not delete anything after a file failed to copy, retries it --low-level-retries times and counts one error", async () => {
    const { good, extra } = fixture();
    const env = await newEnv({ lowLevelRetries: 3 });
    const f = failingSource("b/broken", Infinity);
    const fsrc = new WrappedFs(await fsAt(env, r.local), f.hooks);
    const err = await attempt(sync(env.ctx, await fsAt(env, r.remote), fsrc));
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toMatch(/injected read failure/);
    expect(f.opens()).toBe(3);
    // Each failed attempt is logged at DEBUG.
    expect(env.matching(/b\/broken: Received error: .*injected read failure - low level retry \d\/3/)).toHaveLength(3);
    expect(env.logged(/ERROR : b\/broken: Failed to copy: .*injected read failure/)).toBe(true);
    expect(env.logged(/not deleting files as there were IO errors/)).toBe(true);
    expect(env.ctx.stats.errors).toBe(1);
    expect(env.ctx.stats.retryError).toBe(true);
    expectFiles(r.remote, [good, extra]);
    expect(listTree(r.remote).dirs).toContain("old");
  });

  it("sync succeeds when a failing read works on a low-level retry, and then deletes as usual", async () => {
    const { good } = fixture();
    const env = await newEnv({ lowLevelRetries: 3 });
    const f = failingSource("b/broken", 2);
    const fsrc = new WrappedFs(await fsAt(env, r.local), f.hooks);
    await sync(env.ctx, await fsAt(env, r.remote), fsrc);
    expect(f.opens()).toBe(3);
    expect(env.ctx.stats.errors).toBe(0);
    expectFiles(r.remote, [good, { path: "b/broken", content: "broken data", mtime: T1 }]);
    expect(listTree(r.remote).dirs).not.toContain("old");
  });

  it("sync --ignore-errors deletes even after a file failed to copy", async () => {
    const { good } = fixture();
    const env = await newEnv({ lowLevelRetries: 1, ignoreErrors: true });
    const f = failingSource("b/broken", Infinity);
    const fsrc = new WrappedFs(await fsAt(env, r.local), f.hooks);
    await attempt(sync(env.ctx, await fsAt(env, r.remote), fsrc));
    expect(f.opens()).toBe(1);
    expect(env.ctx.stats.errors).toBe(1);
    expectFiles(r.remote, [good]);
  });

  it("sync --delete-during has deleted before a later transfer fails", async () => {
    const { good } = fixture();
    const env = await newEnv({ lowLevelRetries: 1, deleteDuring: true });
    const f = failingSource("b/broken", Infinity);
    const fsrc = new WrappedFs(await fsAt(env, r.local), f.hooks);
    const err = await attempt(sync(env.ctx, await fsAt(env, r.remote), fsrc));
    expect(err).toBeInstanceOf(Error);
    expectFiles(r.remote, [good]);
  });

  it("a source directory that can't be listed is an error and stops the deletes", async () => {
    const { good, extra } = fixture();
    const env = await newEnv();
    const fsrc = new WrappedFs(await fsAt(env, r.local), {
      list: (dir, next) => (dir === "b" ? Promise.reject(new FsError("io", "injected list failure")) : next()),
    });
    const err = await attempt(sync(env.ctx, await fsAt(env, r.remote), fsrc));
    expect(String(err)).toMatch(/injected list failure/);
    expect(env.logged(/ERROR : b: error reading source directory: injected list failure/)).toBe(true);
    expect(env.ctx.stats.errors).toBe(1);
    expectFiles(r.remote, [good, extra]);
  });
});

describe("working one directory at a time", () => {
  /** A tree of `dirs` directories of `files` files each, plus a few nested ones. */
  function tree(dirs: number, files: number): number {
    let n = 0;
    for (let d = 0; d < dirs; d++) {
      for (let f = 0; f < files; f++) {
        writeFile(r.local, `d${String(d).padStart(2, "0")}/f${f}`, `${d}/${f}`, T1);
        n++;
      }
    }
    writeFile(r.local, "d00/deeper/deepest/leaf", "leaf", T1);
    return n + 1;
  }

  it("sync lists each directory once, one listing per directory, never more at a time than --checkers", async () => {
    tree(12, 2);
    const checkers = 3;
    const env = await newEnv({ checkers });
    const calls = new Map<string, number>();
    let active = 0;
    let peak = 0;
    const counting: FsHooks = {
      list: async (dir, next) => {
        calls.set(dir, (calls.get(dir) ?? 0) + 1);
        active++;
        peak = Math.max(peak, active);
        try {
          await sleep(5);
          return await next();
        } finally {
          active--;
        }
      },
    };
    const fsrc = new WrappedFs(await fsAt(env, r.local), counting);
    await sync(env.ctx, await fsAt(env, r.remote), fsrc);
    const srcDirs = ["", ...listTree(r.local).dirs];
    expect([...calls.keys()].sort()).toEqual(srcDirs.sort());
    for (const [dir, n] of calls) expect(n, `listings of "${dir}"`).toBe(1);
    expect(peak).toBe(checkers);
    expect(listTree(r.remote).files.size).toBe(25);
  });

  it("sync never holds much more than one directory's files plus the queues: memory is bounded by the widest directory, not the tree", async () => {
    // 20 directories of 3 files: 60 files. One checker, one transfer, a backlog of one,
    // and a destination that is slow to write: if the engine listed ahead without
    // back-pressure, nearly all 60 files would be listed before a handful were written.
    const width = 3;
    const total = tree(20, width);
    const opt: Partial<GlobalOptions> = { checkers: 1, transfers: 1, maxBacklog: 1 };
    const env = await newEnv(opt);
    let listedFiles = 0;
    let written = 0;
    let peakOutstanding = 0;
    const note = (): void => {
      peakOutstanding = Math.max(peakOutstanding, listedFiles - written);
    };
    const fsrc = new WrappedFs(await fsAt(env, r.local), {
      list: async (_dir, next) => {
        const entries: DirEntry[] = await next();
        listedFiles += entries.filter((e) => !e.isDir).length;
        note();
        return entries;
      },
    });
    const fdst = new WrappedFs(await fsAt(env, r.remote), {
      put: async (_src, next) => {
        await sleep(3);
        const o = await next();
        written++;
        note();
        return o;
      },
    });
    await copy(env.ctx, fdst, fsrc);
    expect(written).toBe(total);
    // Files listed but not yet written: at most the directory being merged, the
    // queue between checking and transferring, and the transfer under way.
    const bound = width + opt.maxBacklog! + opt.transfers! + opt.checkers!;
    expect(peakOutstanding).toBeLessThanOrEqual(bound);
    expect(peakOutstanding).toBeLessThan(total / 4);
  });

  it("copy starts transferring before the source has been listed completely", async () => {
    tree(20, 2);
    const env = await newEnv({ checkers: 1, transfers: 1 });
    const events: string[] = [];
    const fsrc = new WrappedFs(await fsAt(env, r.local), {
      list: async (dir, next) => {
        const e = await next();
        events.push(`list ${dir}`);
        await sleep(5);
        return e;
      },
    });
    const fdst = new WrappedFs(await fsAt(env, r.remote), {
      put: async (src, next) => {
        const o = await next();
        events.push(`put ${src.remote}`);
        return o;
      },
    });
    await copy(env.ctx, fdst, fsrc);
    const firstPut = events.findIndex((e) => e.startsWith("put "));
    const lastList = events.map((e) => e.startsWith("list ")).lastIndexOf(true);
    expect(firstPut).toBeGreaterThan(-1);
    expect(firstPut).toBeLessThan(lastList);
  });

  it("copy --check-first with a backlog of one still checks every file before the first transfer (its queue is unbounded, so it can't deadlock)", async () => {
    tree(5, 2);
    const env = await newEnv({ checkFirst: true, maxBacklog: 1, checkers: 1, transfers: 1 });
    // Make every file "existing but different" so each goes through the checkers.
    for (const e of listTree(r.local).files.keys()) writeFile(r.remote, e, "different", T2);
    const events: string[] = [];
    const fdst = new WrappedFs(await fsAt(env, r.remote), {
      put: async (src, next) => {
        events.push(`put ${src.remote}`);
        return next();
      },
    });
    await copy(env.ctx, fdst, await fsAt(env, r.local));
    expect(events).toHaveLength(11);
    expect(env.lines.findIndex((l) => /Checks finished, now starting transfers/.test(l))).toBeLessThan(env.lines.findIndex((l) => /Copied/.test(l)));
    expect(listTree(r.remote).files.get("d00/f0")?.toString()).toBe("0/0");
  });
});
