/**
 * Deciding whether a file needs transferring: size, modification time,
 * hashes and the flags that change the rules (rclone's NeedTransfer/equal,
 * fs/sync TestSync{BasedOnCheckSum,SizeOnly,IgnoreSize,IgnoreTimes,…}).
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isKind } from "../../src/fs/errors.js";
import { SECOND } from "../../src/fs/types.js";
import { move, sync } from "../../src/ops/sync.js";
import { quickUnchanged } from "../../src/ops/equal.js";
import { LogLevel } from "../../src/fs/log.js";
import { T1, T2, T3, expectFiles, expectTime, fsAt, mtimeOf, newEnv, newRun, writeFile, type Env, type Run } from "./helpers.js";
import type { GlobalOptions } from "../../src/fs/globals.js";
import type { Obj } from "../../src/fs/types.js";

let r: Run;
beforeEach(() => {
  r = newRun();
});
afterEach(() => r.cleanup());

/** Syncs local to remote with these options; returns the run's environment. */
async function syncOnce(opt: Partial<GlobalOptions> = {}): Promise<Env> {
  const env = await newEnv(opt);
  await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
  return env;
}

describe("needs transfer", () => {
  it("with --checksum a file whose modification time alone changed is not transferred, nor is its time changed", async () => {
    const f1 = writeFile(r.local, "check sum", "-", T1);
    expect((await syncOnce({ checksum: true })).ctx.stats.transfers).toBe(1);
    expectFiles(r.remote, [f1]);
    const f2 = writeFile(r.local, "check sum", "-", T2);
    const env = await syncOnce({ checksum: true });
    expect(env.ctx.stats.transfers).toBe(0);
    expectFiles(r.local, [f2]);
    expectFiles(r.remote, [f1]);
  });

  it("with --checksum a file of the same size but other content is transferred", async () => {
    writeFile(r.local, "check sum", "potato", T1);
    await syncOnce({ checksum: true });
    const f2 = writeFile(r.local, "check sum", "POTATO", T1);
    const env = await syncOnce({ checksum: true });
    expect(env.ctx.stats.transfers).toBe(1);
    expectFiles(r.remote, [f2]);
  });

  it("with --size-only a file whose content and time changed but not its size is not transferred", async () => {
    const f1 = writeFile(r.local, "sizeonly", "potato", T1);
    expect((await syncOnce({ sizeOnly: true })).ctx.stats.transfers).toBe(1);
    const f2 = writeFile(r.local, "sizeonly", "POTATO", T2);
    const env = await syncOnce({ sizeOnly: true });
    expect(env.ctx.stats.transfers).toBe(0);
    expectFiles(r.local, [f2]);
    expectFiles(r.remote, [f1]);
  });

  it("with --ignore-size a file whose size alone changed is not transferred", async () => {
    const f1 = writeFile(r.local, "ignore-size", "contents", T1);
    expect((await syncOnce({ ignoreSize: true })).ctx.stats.transfers).toBe(1);
    const f2 = writeFile(r.local, "ignore-size", "longer contents but same date", T1);
    const env = await syncOnce({ ignoreSize: true });
    expect(env.ctx.stats.transfers).toBe(0);
    expectFiles(r.local, [f2]);
    expectFiles(r.remote, [f1]);
  });

  it("with --ignore-times identical files are transferred anyway", async () => {
    const f1 = writeFile(r.local, "existing", "potato", T1);
    writeFile(r.remote, "existing", "potato", T1);
    expect((await syncOnce()).ctx.stats.transfers).toBe(0);
    const env = await syncOnce({ ignoreTimes: true });
    expect(env.ctx.stats.transfers).toBe(1);
    expectFiles(r.local, [f1]);
    expectFiles(r.remote, [f1]);
  });

  it("with --ignore-existing a file already on the destination is never replaced", async () => {
    const f1 = writeFile(r.local, "existing", "potato", T1);
    await syncOnce({ ignoreExisting: true });
    expectFiles(r.remote, [f1]);
    writeFile(r.local, "existing", "newpotatoes", T2);
    const env = await syncOnce({ ignoreExisting: true });
    expect(env.ctx.stats.transfers).toBe(0);
    expectFiles(r.remote, [f1]);
  });

  it("a file whose modification time alone changed gets the new time without being copied again (and not with --dry-run)", async () => {
    const f1 = writeFile(r.local, "empty space", "-", T2);
    const f2 = writeFile(r.remote, "empty space", "-", T1);

    const dry = await syncOnce({ dryRun: true });
    expectFiles(r.local, [f1]);
    expectFiles(r.remote, [f2]);
    expect(dry.logged(/NOTICE: empty space: Skipped update modification time as --dry-run is set/)).toBe(true);

    const env = await syncOnce();
    expectFiles(r.local, [f1]);
    expectFiles(r.remote, [f1]);
    expect(env.ctx.stats.transfers).toBe(0);
    expect(env.logged(/INFO  : empty space: Updated modification time in destination/)).toBe(true);
  });

  it("with --no-update-modtime a file whose modification time alone changed keeps its old time", async () => {
    const f1 = writeFile(r.local, "empty space", "-", T2);
    const f2 = writeFile(r.remote, "empty space", "-", T1);
    const env = await syncOnce({ noUpdateModtime: true });
    expectFiles(r.local, [f1]);
    expectFiles(r.remote, [f2]);
    expect(env.ctx.stats.transfers).toBe(0);
  });

  it("a file of the same size with another time and other content is transferred, not just re-timed", async () => {
    const f1 = writeFile(r.local, "foo", "foo", T2);
    writeFile(r.remote, "foo", "bar", T1);
    const env = await syncOnce();
    expectFiles(r.local, [f1]);
    expectFiles(r.remote, [f1]);
    expect(env.ctx.stats.transfers).toBe(1);
    expect(env.logged(/Updated modification time/)).toBe(false);
  });

  it("a file added to the source is copied and the unchanged one left alone", async () => {
    const f1 = writeFile(r.local, "empty space", "-", T2);
    writeFile(r.remote, "empty space", "-", T2);
    const f2 = writeFile(r.local, "potato", "------------------------------------------------------------", T3);
    const env = await syncOnce();
    expectFiles(r.remote, [f1, f2]);
    expect(env.ctx.stats.transfers).toBe(1);
  });

  it("a file whose size changed but not its time is transferred", async () => {
    writeFile(r.remote, "potato", "------------------------------------------------------------", T3);
    const f2 = writeFile(r.local, "potato", "smaller but same date", T3);
    await syncOnce();
    expectFiles(r.remote, [f2]);
  });

  it("a file whose content and time changed but not its size is transferred", async () => {
    writeFile(r.remote, "potato", "smaller but same date", T3);
    const f2 = writeFile(r.local, "potato", "SMALLER BUT SAME DATE", T2);
    await syncOnce();
    expectFiles(r.remote, [f2]);
  });

  it("with --update newer destination files are kept, older ones replaced, and times within the window compared by size", async () => {
    const half = SECOND / 2n;
    writeFile(r.local, "one", "one", T1);
    const twoF = writeFile(r.local, "two", "two", T3);
    const threeF = writeFile(r.local, "three", "three", T2);
    const fourF = writeFile(r.local, "four", "four", T2);
    const fiveF = writeFile(r.local, "five", "five", T2);
    const oneO = writeFile(r.remote, "one", "ONE", T2); // newer: kept
    writeFile(r.remote, "two", "TWO", T2); // older and different: replaced
    const threeO = writeFile(r.remote, "three", "THREE", T2 + half); // within the window, same size: kept
    writeFile(r.remote, "four", "FOURFOUR", T2 + half); // within the window, other size: replaced

    await syncOnce({ update: true, modifyWindow: SECOND });
    expectFiles(r.remote, [oneO, twoF, threeO, fourF, fiveF]);

    // With --checksum a file within the window is compared by hash too.
    await syncOnce({ update: true, modifyWindow: SECOND, checksum: true });
    expectFiles(r.remote, [oneO, twoF, threeF, fourF, fiveF]);
  });

  it("with --update an older destination file with the same content only gets the source's time", async () => {
    const f1 = writeFile(r.local, "same", "same content", T2);
    writeFile(r.remote, "same", "same content", T1);
    const env = await syncOnce({ update: true });
    expect(env.ctx.stats.transfers).toBe(0);
    expectFiles(r.remote, [f1]);
  });

  it("with --immutable a new file is copied but a changed one is an error and nothing is modified", async () => {
    const f1 = writeFile(r.local, "existing", "potato", T1);
    await syncOnce({ immutable: true });
    expectFiles(r.remote, [f1]);

    const f2 = writeFile(r.local, "existing", "tomatoes", T2);
    const env = await newEnv({ immutable: true });
    await expect(sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local))).rejects.toSatisfy((e: unknown) => isKind(e, "immutableModified"));
    expect(env.logged(/Source and destination exist but do not match: immutable file modified/)).toBe(true);
    expectFiles(r.local, [f2]);
    expectFiles(r.remote, [f1]);
  });

  it("names that differ only in Unicode normalisation (NFC vs NFD) are the same file", async () => {
    const nfd = "Teste\u0302e\u0301";
    const nfc = "Test\u00ea\u00e9";
    expect(nfd).not.toBe(nfc);
    expect(nfd.normalize("NFC")).toBe(nfc);
    const f1 = writeFile(r.local, nfd, "This is a test", T1);
    writeFile(r.remote, nfc, "This is a old test", T2);
    const env = await syncOnce();
    expect(env.ctx.stats.transfers).toBe(1);
    expectFiles(r.local, [f1]);
    // The destination keeps its own spelling of the name.
    expectFiles(r.remote, [{ ...f1, path: nfc }]);
  });

  it("with --ignore-case-sync names that differ only in case are the same file", async () => {
    const f1 = writeFile(r.local, "existing", "potato", T1);
    const f2 = writeFile(r.remote, "EXISTING", "potato", T1);
    const env = await syncOnce({ ignoreCaseSync: true });
    expect(env.ctx.stats.transfers).toBe(0);
    expectFiles(r.local, [f1]);
    expectFiles(r.remote, [f2]);
  });

  it("a re-timed destination file keeps the source's time exactly (within the precision)", async () => {
    writeFile(r.local, "t", "x", T3);
    writeFile(r.remote, "t", "x", T1);
    await syncOnce();
    expectTime(mtimeOf(join(r.remote, "t")), mtimeOf(join(r.local, "t")), "t");
  });
});

// Below -vv nothing is logged about an unchanged pair, so the sync decides
// those in the march (quickUnchanged) instead of queueing them for the
// checkers. The sync tests above run at debug level, which always takes the
// full path; these run at the default level.
describe("unchanged files at the default log level", () => {
  async function syncAtNotice(opt: Partial<GlobalOptions> = {}): Promise<Env> {
    const env = await newEnv(opt, LogLevel.Notice);
    await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    return env;
  }

  it("identical files are counted as checks, nothing is copied and nothing logged", async () => {
    const items = ["a", "dir/b", "dir/sub/c"].map((p) => writeFile(r.local, p, `content of ${p}`, T2));
    for (const i of items) writeFile(r.remote, i.path, i.content, T2);
    const env = await syncAtNotice();
    expect(env.ctx.stats.checks).toBe(3);
    expect(env.ctx.stats.transfers).toBe(0);
    expect(env.lines).toEqual([]);
    expectFiles(r.remote, items);
  });

  it("same size and time but other content is unchanged, as rclone judges it without --checksum", async () => {
    writeFile(r.local, "potato", "abc", T1);
    const old = writeFile(r.remote, "potato", "xyz", T1);
    const env = await syncAtNotice();
    expect(env.ctx.stats.transfers).toBe(0);
    expect(env.ctx.stats.checks).toBe(1);
    expectFiles(r.remote, [old]);
  });

  it("a time that differs beyond the window still goes through the full check (re-timed, not copied)", async () => {
    const f = writeFile(r.local, "potato", "same", T2);
    writeFile(r.remote, "potato", "same", T1);
    const env = await newEnv({}, LogLevel.Info);
    await sync(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expect(env.ctx.stats.transfers).toBe(0);
    expect(env.logged(/Updated modification time in destination/)).toBe(true);
    expectTime(mtimeOf(join(r.remote, "potato")), f.mtime!);
  });

  it("a move still removes unchanged sources", async () => {
    writeFile(r.local, "a", "same", T2);
    const kept = writeFile(r.remote, "a", "same", T2);
    const env = await newEnv({}, LogLevel.Notice);
    await move(env.ctx, await fsAt(env, r.remote), await fsAt(env, r.local));
    expectFiles(r.local, []);
    expectFiles(r.remote, [kept]);
  });

  it("the quick verdict is off where rclone would log or compare more, and false where it cannot be sure", async () => {
    const envAt = async (opt: Partial<GlobalOptions>, level = LogLevel.Notice): Promise<Env> => newEnv(opt, level);
    const e = await envAt({});
    const fs = await fsAt(e, r.local);
    for (const [opt, level] of [
      [{ checksum: true }, LogLevel.Notice],
      [{ sizeOnly: true }, LogLevel.Notice],
      [{ update: true }, LogLevel.Notice],
      [{ ignoreTimes: true }, LogLevel.Notice],
      [{ ignoreExisting: true }, LogLevel.Notice],
      [{}, LogLevel.Debug],
    ] as const) {
      expect(quickUnchanged((await envAt(opt, level)).ctx, fs, fs), JSON.stringify(opt)).toBeUndefined();
    }
    const dstFs = await fsAt(e, r.remote);
    const same = quickUnchanged(e.ctx, fs, dstFs)!;
    const src = (size: number, t: bigint | undefined): Obj => ({ fs, size, knownModTime: () => t, remote: "x" }) as unknown as Obj;
    const dst = (size: number, t: bigint | undefined): Obj => ({ fs: dstFs, size, knownModTime: () => t, remote: "x" }) as unknown as Obj;
    expect(same(src(3, T1), dst(3, T1))).toBe(true);
    expect(same(src(3, T1), dst(4, T1))).toBe(false);
    expect(same(src(3, T1), dst(3, T1 + SECOND))).toBe(false);
    expect(same(src(3, T1), dst(3, undefined))).toBe(false);
    // The very same file on both sides is left to needTransfer (which copies it onto itself, as rclone).
    expect(quickUnchanged(e.ctx, fs, fs)!(src(3, T1), src(3, T1))).toBe(false);
    // So is a file seen through two Fs of the same root, and one under another name is not it.
    const again = await fsAt(e, r.local);
    const viaAgain = (remote: string): Obj => ({ fs: again, size: 3, knownModTime: () => T1, remote }) as unknown as Obj;
    expect(quickUnchanged(e.ctx, fs, again)!(src(3, T1), viaAgain("x"))).toBe(false);
    expect(quickUnchanged(e.ctx, fs, again)!(src(3, T1), viaAgain("y"))).toBe(true);
    const ignoringSize = quickUnchanged((await envAt({ ignoreSize: true })).ctx, fs, dstFs)!;
    expect(ignoringSize(src(3, T1), dst(4, T1))).toBe(true);
  });
});
