/**
 * tclone and rclone agree about trees: what one syncs the other checks
 * clean (to the byte, name and nanosecond), and `check` reports the same
 * matches, differences and missing files, on the console and in its
 * --combined/--missing-on-src/--missing-on-dst/--match/--differ/--error files.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectSameAsRclone, expectSameLog, expectSameStdout } from "../helpers/compare.js";
import { splitLines } from "../helpers/normalise.js";
import { both, rclone, RCLONE, RCLONE_MISSING, tclone, text, type RunResult } from "../helpers/run.js";
import { copyTree, makeOddTree, ODD, snapshot, tempDir, touch, writeFile } from "../helpers/tree.js";

const skipNote = RCLONE ? "" : ` [SKIPPED: ${RCLONE_MISSING}]`;

let root: string;
let cleanup: () => void;
let src: string;

/** Files only (directory times are set by 1.76's sync but not by 1.60's): name bytes, mode, size, mtime, hash. */
function files(dir: string): string[] {
  return [...snapshot(dir)].filter(([, v]) => v.startsWith("file ")).map(([k, v]) => `${k}: ${v}`).sort();
}

function dirs(dir: string): string[] {
  return [...snapshot(dir)].filter(([, v]) => v.startsWith("dir ")).map(([k]) => k).sort();
}

function expectOk(r: RunResult, what: string): void {
  expect(r.status, `${what} failed:\n${text(r.stderr)}`).toBe(0);
}

describe.skipIf(!RCLONE)(`sync with one, check with the other${skipNote}`, () => {
  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir("tclone-interop-sync-"));
    src = join(root, "src");
    mkdirSync(src);
    makeOddTree(src);
  });
  afterAll(() => cleanup());

  it("after tclone sync, rclone check finds no differences and rclone lists the same tree", async () => {
    const dst = join(root, "by-tclone");
    expectOk(await tclone(["sync", "--create-empty-src-dirs", src, dst]), "tclone sync");
    const check = await rclone(["check", src, dst]);
    expectOk(check, "rclone check");
    expect(text(check.stderr)).toContain(": 0 differences found");
    // The same names, sizes and times to the nanosecond, as rclone sees them.
    const [a, b] = await Promise.all([rclone(["lsjson", "-R", "--hash-type", "md5", src]), rclone(["lsjson", "-R", "--hash-type", "md5", dst])]);
    const items = (r: RunResult): string[] => splitLines(r.stdout).map((l) => l.replace(/,$/, "")).sort();
    const withoutDirTimes = (l: string[]): string[] => l.map((x) => (x.includes('"IsDir":true') ? x.replace(/"ModTime":"[^"]*"/, "") : x));
    expect(withoutDirTimes(items(b))).toEqual(withoutDirTimes(items(a)));
  });

  it("after rclone sync, tclone check finds no differences", async () => {
    const dst = join(root, "by-rclone");
    expectOk(await rclone(["sync", "--create-empty-src-dirs", src, dst]), "rclone sync");
    const check = await tclone(["check", src, dst]);
    expectOk(check, "tclone check");
    expect(text(check.stderr)).toContain(": 0 differences found");
  });

  it("tclone sync and rclone sync write the same bytes: names (invalid UTF-8 replaced alike), modes, sizes, times, contents", async () => {
    const t = join(root, "same-t");
    const r = join(root, "same-r");
    const [rt, rr] = await Promise.all([tclone(["sync", "--create-empty-src-dirs", src, t]), rclone(["sync", "--create-empty-src-dirs", src, r])]);
    expectOk(rt, "tclone sync");
    expectOk(rr, "rclone sync");
    expect(files(t)).toEqual(files(r));
    expect(dirs(t)).toEqual(dirs(r));
    // Not vacuous: the name that is not UTF-8 was written as its own bytes (shown latin1), as rclone does.
    expect(files(t).some((l) => l.startsWith(`bad\u00ff\u00fename:`))).toBe(true);
  });

  it("tclone sync turns a tree rclone made different back into the source, and rclone agrees", async () => {
    const dst = join(root, "mended");
    copyTree(src, dst);
    writeFile(dst, "a.txt", "HELLO\n");
    writeFile(dst, "sub/s.json", "{}\n");
    touch(join(dst, "sub/s.json"), "@1");
    writeFile(dst, "only in dst/x.txt", "x");
    rmSync(join(dst, "empty"));
    rmSync(join(dst, ODD.nfc));
    expectOk(await tclone(["sync", src, dst]), "tclone sync");
    const check = await rclone(["check", src, dst]);
    expectOk(check, "rclone check");
    expect(files(join(root, "mended")).filter((l) => l.startsWith("only in dst"))).toEqual([]);
  });
});

interface CheckCase {
  name: string;
  args: (dirs: { src: string; same: string; diff: string }) => string[];
  /** Whether log lines are compared too (or why not). */
  log: "compare" | { skip: string };
}

const CASES: CheckCase[] = [
  { name: "matching trees", args: (d) => ["check", d.src, d.same], log: "compare" },
  { name: "matching trees, the other way", args: (d) => ["check", d.same, d.src], log: "compare" },
  { name: "matching trees, --download", args: (d) => ["check", "--download", d.src, d.same], log: "compare" },
  { name: "differing and missing files on both sides", args: (d) => ["check", d.src, d.diff], log: "compare" },
  { name: "differing and missing files, the other way", args: (d) => ["check", d.diff, d.src], log: "compare" },
  { name: "--one-way", args: (d) => ["check", "--one-way", d.src, d.diff], log: "compare" },
  { name: "--size-only", args: (d) => ["check", "--size-only", d.src, d.diff], log: "compare" },
  { name: "--combined -", args: (d) => ["check", "--combined", "-", d.src, d.diff], log: "compare" },
  { name: "--one-way --combined -", args: (d) => ["check", "--one-way", "--combined", "-", d.diff, d.src], log: "compare" },
  {
    name: "--download --combined - (same size, different bytes)",
    args: (d) => ["check", "--download", "--combined", "-", d.src, d.diff],
    // 1.76 logs "<file>: contents differ" for --download (fs/operations/check.go CheckDownload); 1.60 does not.
    log: { skip: "rclone 1.60 does not log `contents differ` as 1.76 does" },
  },
  { name: "--missing-on-src - --missing-on-dst -", args: (d) => ["check", "--missing-on-src", "-", "--missing-on-dst", "-", d.src, d.diff], log: "compare" },
  { name: "--match - --differ -", args: (d) => ["check", "--match", "-", "--differ", "-", d.src, d.diff], log: "compare" },
];

describe.skipIf(!RCLONE).concurrent(`check reports what rclone reports${skipNote}`, () => {
  const d = { src: "", same: "", diff: "" };
  let cleanupCheck: () => void;
  const runs = new Map<string, Promise<{ r: RunResult; t: RunResult }>>();
  const run = (c: CheckCase): Promise<{ r: RunResult; t: RunResult }> => {
    let p = runs.get(c.name);
    if (!p) runs.set(c.name, (p = both(c.args(d))));
    return p;
  };

  beforeAll(() => {
    let top: string;
    ({ dir: top, cleanup: cleanupCheck } = tempDir("tclone-interop-check-"));
    d.src = join(top, "src");
    d.same = join(top, "same");
    d.diff = join(top, "diff");
    mkdirSync(d.src);
    makeOddTree(d.src);
    copyTree(d.src, d.same);
    copyTree(d.src, d.diff);
    // Same size and time, other bytes: only a hash (or --download) tells.
    writeFile(d.diff, "a.txt", "HELLO\n");
    touch(join(d.diff, "a.txt"), "@-86400.25");
    writeFile(d.diff, "sub/s.json", '{"a":12}\n');
    rmSync(join(d.diff, "empty"));
    writeFile(d.diff, "only in diff.txt", "extra\n");
    writeFile(d.diff, "new dir/inner", "inner\n");
    // The NFC spelling of the source's NFD name: rclone matches them (unicode normalisation).
    rmSync(join(d.diff, ODD.nfd));
    writeFile(d.diff, ODD.nfd.normalize("NFC"), "NFD form\n");
    // A directory on one side, a file of the same name on the other.
    rmSync(join(d.diff, "sub/deep"), { recursive: true });
    writeFile(d.diff, "sub/deep", "now a file\n");
  });
  afterAll(() => cleanupCheck());

  for (const c of CASES) {
    it(`${c.name}: same exit code, output and log`, async () => {
      const { r, t } = await run(c);
      expectSameStdout(r, t);
      if (c.log === "compare") expectSameLog(r, t);
    });
  }

  it("report files hold what rclone's hold", async () => {
    const names = ["combined", "missing-on-src", "missing-on-dst", "match", "differ", "error"];
    const reportArgs = (dir: string): string[] => names.flatMap((n) => [`--${n}`, join(dir, n)]);
    const rDir = join(d.src, "..", "reports-r");
    const tDir = join(d.src, "..", "reports-t");
    mkdirSync(rDir);
    mkdirSync(tDir);
    const [r, t] = await Promise.all([rclone(["check", ...reportArgs(rDir), d.src, d.diff]), tclone(["check", ...reportArgs(tDir), d.src, d.diff])]);
    expectSameAsRclone(r, t);
    const read = (dir: string, n: string): string[] => splitLines(readFileSync(join(dir, n))).sort();
    for (const n of names) expect({ [n]: read(tDir, n) }).toEqual({ [n]: read(rDir, n) });
    // Not vacuous: every kind of line is there.
    const sigils = read(rDir, "combined").map((l) => l.replace(/^<invalid UTF-8> /, "")[0]);
    expect(sigils.sort().join("")).toMatch(/^\*+\++-+=+$/);
    // … including the name that is not UTF-8, written as its own bytes.
    expect(read(tDir, "combined")).toContain("<invalid UTF-8> = bad\u00ff\u00fename");
  });

  it("--one-way report files hold what rclone's hold", async () => {
    const rFile = join(d.src, "..", "one-way-r");
    const tFile = join(d.src, "..", "one-way-t");
    const [r, t] = await Promise.all([
      rclone(["check", "--one-way", "--combined", rFile, d.src, d.diff]),
      tclone(["check", "--one-way", "--combined", tFile, d.src, d.diff]),
    ]);
    expect(t.status).toBe(r.status);
    expect(splitLines(readFileSync(tFile)).sort()).toEqual(splitLines(readFileSync(rFile)).sort());
  });
});

