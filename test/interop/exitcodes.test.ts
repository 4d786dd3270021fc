/**
 * Exit codes (lib/exitcode) agree with rclone's: a missing directory (3), a
 * missing file (4), differences found by check (1), transfer limits
 * (--max-transfer 8, --max-duration 10) and --error-on-no-transfer (9). Where
 * rclone 1.60 and 1.76 differ, the 1.76 code is asserted from its source and
 * the comment says why.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectSameAsRclone } from "../helpers/compare.js";
import { rcloneUsageExitCode } from "../helpers/normalise.js";
import { both, rclone, RCLONE, RCLONE_MISSING, tclone, text } from "../helpers/run.js";
import { bytes, copyTree, makeOddTree, snapshotLines, tempDir, writeFile } from "../helpers/tree.js";

const skipNote = RCLONE ? "" : ` [SKIPPED: ${RCLONE_MISSING}]`;

let root: string;
let cleanup: () => void;
let src: string;
let missing: string;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir("tclone-interop-exit-"));
  src = join(root, "src");
  mkdirSync(src);
  makeOddTree(src);
  missing = join(root, "no such dir");
});
afterAll(() => cleanup());

describe.skipIf(!RCLONE).concurrent(`a missing source directory exits 3, as rclone${skipNote}`, () => {
  for (const cmd of [["ls"], ["lsl"], ["lsd"], ["lsf"], ["lsf", "-R"], ["lsjson"], ["size"], ["md5sum"], ["hashsum", "crc32"], ["tree"], ["cat"]]) {
    it(cmd.join(" "), async () => {
      const { r, t } = await both([...cmd, missing]);
      expect(t.status).toBe(3);
      expectSameAsRclone(r, t);
    });
  }

  it("cat of a missing file in an existing directory (it names a directory that is not there)", async () => {
    const { r, t } = await both(["cat", join(src, "no such file")]);
    expect(t.status).toBe(3);
    expectSameAsRclone(r, t);
  });

  it("lsjson --stat of a missing file", async () => {
    const { r, t } = await both(["lsjson", "--stat", join(src, "no such file")]);
    expect(t.status).toBe(3);
    expectSameAsRclone(r, t, "exact");
  });

  for (const cmd of ["copy", "sync"]) {
    it(`${cmd} from a missing directory exits 3 and creates nothing`, async () => {
      const rDst = join(root, `${cmd}-missing-r`);
      const tDst = join(root, `${cmd}-missing-t`);
      const [r, t] = await Promise.all([rclone([cmd, missing, rDst]), tclone([cmd, missing, tDst])]);
      expect({ tclone: t.status }).toEqual({ tclone: r.status });
      expect(t.status).toBe(3);
      expect(existsSync(tDst)).toBe(false);
    });
  }

  it("check with a missing source exits 3", async () => {
    // The log differs between rclone versions (1.60 counts the listing error as a
    // difference, 1.76 does not), so only the exit code is compared.
    const { r, t } = await both(["check", missing, src]);
    expect(t.status).toBe(3);
    expect(t.status).toBe(r.status);
  });
});

describe.skipIf(!RCLONE).concurrent(`usage errors exit 2 (rclone 1.76; 1.60 exits 1)${skipNote}`, () => {
  for (const args of [["frobnicate"], ["ls", "--no-such-flag", "x"], ["ls", "-Z", "x"], ["ls"], ["ls", "a", "b"], ["ls", "--transfers", "abc", "x"], ["ls", "x", "--transfers"]]) {
    it(args.join(" "), async () => {
      const { r, t } = await both(args);
      expect(t.status).toBe(2);
      expect(t.status).toBe(rcloneUsageExitCode(r.status));
    });
  }
});

describe("a missing file", () => {
  it("deletefile exits 4 (1.76: \"… is a directory or doesn't exist: object not found\")", async () => {
    // rclone 1.76 cmd/deletefile wraps fs.ErrorObjectNotFound, so the exit code is
    // FileNotFound (4); 1.60 returned a plain error and exited 1.
    const target = join(src, "no such file");
    const t = await tclone(["deletefile", "--retries", "1", target]);
    expect(t.status).toBe(4);
    expect(text(t.stderr)).toMatch(new RegExp(`NOTICE: Failed to deletefile: ${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is a directory or doesn't exist: object not found\\n$`));
  });

  it("lsjson --stat --files-only of a directory prints null and exits 0", async () => {
    const t = await tclone(["lsjson", "--stat", "--files-only", join(src, "sub")]);
    expect({ status: t.status, stdout: text(t.stdout) }).toEqual({ status: 0, stdout: "null\n" });
  });
});

describe.skipIf(!RCLONE).concurrent(`limits and outcomes exit as rclone${skipNote}`, () => {
  let big: string;
  beforeAll(() => {
    big = join(root, "big");
    for (let i = 1; i <= 4; i++) writeFile(big, `f${i}`, bytes(3_000_000, i));
  });

  it("check finding differences exits 1", async () => {
    const other = join(root, "other");
    copyTree(src, other);
    writeFile(other, "a.txt", "changed\n");
    const { r, t } = await both(["check", src, other]);
    expect(t.status).toBe(1);
    expectSameAsRclone(r, t);
  });

  it("--error-on-no-transfer exits 9 when nothing was copied, 0 when something was", async () => {
    const from = join(root, "eont-src");
    const rDst = join(root, "eont-r");
    const tDst = join(root, "eont-t");
    copyTree(src, from);
    copyTree(src, rDst);
    copyTree(src, tDst);
    const copyTo = (d: string): string[] => ["copy", "--error-on-no-transfer", from, d];
    const [r, t] = await Promise.all([rclone(copyTo(rDst)), tclone(copyTo(tDst))]);
    expect(t.status).toBe(9);
    expect(t.status).toBe(r.status);
    writeFile(from, "new file", "new\n");
    const [r2, t2] = await Promise.all([rclone(copyTo(rDst)), tclone(copyTo(tDst))]);
    expect(t2.status).toBe(0);
    expect(t2.status).toBe(r2.status);
  });

  it("--max-transfer exits 8 and leaves no partial files", async () => {
    const rDst = join(root, "maxt-r");
    const tDst = join(root, "maxt-t");
    const [r, t] = await Promise.all([rclone(["copy", "--max-transfer", "1M", big, rDst]), tclone(["copy", "--max-transfer", "1M", big, tDst])]);
    expect(t.status).toBe(8);
    expect(t.status).toBe(r.status);
    const leftovers = (d: string): string[] => (existsSync(d) ? readdirSync(d).filter((n) => n.includes(".partial")) : []);
    expect(leftovers(tDst)).toEqual([]);
    expect(leftovers(rDst)).toEqual([]);
  });

  it("--max-duration exits 10 (rclone 1.76; 1.60 exits 7)", async () => {
    // 1.76's resolveExitCode tests errors.Is(err, ErrorMaxDurationReached) before
    // IsFatalError; 1.60 tested fatal first, so it exits 7 for the same run.
    const t = await tclone(["copy", "--max-duration", "1ns", big, join(root, "maxd-t")]);
    expect(t.status).toBe(10);
    expect(text(t.stderr)).toContain("NOTICE: Failed to copy: max transfer duration reached as set by --max-duration\n");
  });

  it("a sync from a missing directory deletes nothing in a populated destination", async () => {
    const dst = join(root, "untouched");
    copyTree(src, dst);
    const before = snapshotLines(dst);
    const t = await tclone(["sync", missing, dst]);
    expect(t.status).toBe(3);
    expect(snapshotLines(dst)).toEqual(before);
  });
});
