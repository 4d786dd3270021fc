/**
 * The listing commands print what the real rclone prints for the same tree:
 * ls, lsl, lsd, lsf, lsjson, size, tree and the hashsum family, over a tree
 * of awkward names and nanosecond times, in several time zones (listings
 * print local time). Output is compared byte for byte after sorting lines
 * and the documented version differences (test/helpers/normalise.ts).
 */
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectSameAsRclone, type StdoutOrder } from "../helpers/compare.js";
import { bugName, expectingBug, type KnownBug } from "../helpers/known-bugs.js";
import { both, RCLONE, RCLONE_MISSING } from "../helpers/run.js";
import { BASE_MTIME, makeOddTree, tempDir, touch, touchAll, writeFile } from "../helpers/tree.js";

const skipNote = RCLONE ? "" : ` [SKIPPED: ${RCLONE_MISSING}]`;

interface Case {
  args: string[];
  tz?: string;
  order?: StdoutOrder;
  /** Path under the tree to list instead of its root ("" for the root). */
  sub?: string;
  /** A known bug that still makes tclone differ (the test is expected to fail). */
  bug?: KnownBug;
}

const NY = "America/New_York";
const KOLKATA = "Asia/Kolkata";
// Half-hour daylight saving: a zone that breaks "offset = whole hours" assumptions.
const LORD_HOWE = "Australia/Lord_Howe";

const CASES: Case[] = [
  { args: ["ls"] },
  { args: ["ls", "--max-depth", "1"] },
  { args: ["ls", "--human-readable"] },
  { args: ["lsl"], tz: NY },
  { args: ["lsl"], tz: KOLKATA },
  { args: ["lsl", "--max-depth", "2"], tz: LORD_HOWE },
  { args: ["lsd"], tz: NY },
  { args: ["lsd", "-R"], tz: NY },
  { args: ["lsd", "--recursive", "--human-readable"], tz: LORD_HOWE },
  { args: ["lsf"] },
  { args: ["lsf", "-R"] },
  { args: ["lsf", "-R", "-F", "tsp"], tz: NY },
  { args: ["lsf", "-R", "--format", "pshtm"], tz: KOLKATA },
  { args: ["lsf", "-R", "-F", "hp", "--hash", "sha1"] },
  { args: ["lsf", "-R", "-F", "pi"] },
  { args: ["lsf", "-R", "--csv", "-F", "psth"], tz: NY },
  { args: ["lsf", "-R", "--csv", "-s", "|", "-F", "sp"] },
  { args: ["lsf", "-R", "-s", " :: ", "-F", "pts"], tz: NY },
  { args: ["lsf", "-R", "--dirs-only"] },
  { args: ["lsf", "-R", "--files-only", "-F", "sp"] },
  { args: ["lsf", "-R", "--absolute", "-F", "ps"] },
  { args: ["lsf", "-R", "--dir-slash=false"] },
  { args: ["lsf", "--max-depth", "2", "-R"] },
  { args: ["lsjson"], tz: NY, order: "lsjson" },
  { args: ["lsjson", "-R"], tz: NY, order: "lsjson" },
  { args: ["lsjson", "-R"], tz: LORD_HOWE, order: "lsjson" },
  { args: ["lsjson", "-R", "--hash-type", "md5"], order: "lsjson" },
  { args: ["lsjson", "-R", "--hash-type", "sha1", "--hash-type", "crc32"], order: "lsjson" },
  { args: ["lsjson", "-R", "--hash"], tz: KOLKATA, order: "lsjson" },
  { args: ["lsjson", "-R", "--files-only"], tz: NY, order: "lsjson" },
  { args: ["lsjson", "-R", "--dirs-only"], tz: NY, order: "lsjson" },
  { args: ["lsjson", "-R", "--no-modtime", "--no-mimetype"], order: "lsjson" },
  { args: ["lsjson", "-R", "--max-depth", "2"], tz: NY, order: "lsjson" },
  { args: ["lsjson", "--stat"], sub: "a.txt", tz: NY, order: "exact" },
  { args: ["lsjson", "--stat", "--hash-type", "md5"], sub: "with space/f <>&\"'.txt", tz: NY, order: "exact" },
  { args: ["lsjson", "--stat"], sub: "cafe\u0301 nfd.txt", tz: KOLKATA, order: "exact" },
  // A directory named on the command line is the root of its Fs: Path "" and a
  // made-up time (so the time is left out to compare).
  { args: ["lsjson", "--stat", "--no-modtime"], sub: "sub", order: "exact" },
  { args: ["lsjson", "--stat", "--no-modtime"], sub: "", order: "exact" },
  { args: ["lsjson", "--stat", "--files-only"], sub: "sub", order: "exact" },
  { args: ["lsjson", "--stat", "--dirs-only"], sub: "a.txt", order: "exact" },
  { args: ["lsjson", "--stat"], sub: "sub/no such file", order: "exact" },
  { args: ["size"], order: "exact" },
  { args: ["size", "--json"], order: "exact" },
  { args: ["size", "--max-depth", "1"], order: "exact" },
  { args: ["md5sum"] },
  { args: ["md5sum", "--download"] },
  { args: ["sha1sum"] },
  { args: ["hashsum", "crc32"] },
  { args: ["hashsum", "md5", "--base64"] },
  { args: ["hashsum", "sha256"], sub: "sub" },
  { args: ["ls"], sub: "a.txt" },
  { args: ["lsl"], sub: "sub/deep/d.bin", tz: NY },
  { args: ["tree"], order: "exact" },
  { args: ["tree", "-a"], order: "exact" },
  { args: ["tree", "-d"], order: "exact" },
  { args: ["tree", "-s", "--dirsfirst"], order: "exact" },
  { args: ["tree", "-Q", "--full-path"], order: "exact" },
  { args: ["tree", "--level", "1", "--noreport"], order: "exact" },
  { args: ["tree", "-r", "--noindent"], order: "exact" },
  { args: ["tree", "--max-depth", "2", "--human-readable", "-s"], order: "exact" },
  { args: ["tree", "--sort", "size", "--dirsfirst", "-s"], order: "exact" },
  // -i is rclone's global --interactive (tree still draws its lines); -p shows permissions.
  { args: ["tree", "-i"], order: "exact" },
  { args: ["tree", "-p"], order: "exact" },
];

const name = (c: Case): string => `${c.args.join(" ")} ${c.sub === undefined ? "<tree>" : JSON.stringify(c.sub === "" ? "<tree>" : c.sub)}${c.tz ? ` (TZ=${c.tz})` : ""}`;

describe.skipIf(!RCLONE).concurrent(`listings print what rclone prints${skipNote}`, () => {
  let tree: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: tree, cleanup } = tempDir("tclone-interop-list-"));
    makeOddTree(tree);
  });
  afterAll(() => cleanup());

  for (const c of CASES) {
    it(bugName(name(c), c.bug), expectingBug(c.bug), async () => {
      const target = c.sub === undefined || c.sub === "" ? tree : join(tree, c.sub);
      const { r, t } = await both([...c.args, target], c.tz ? { tz: c.tz } : {});
      expectSameAsRclone(r, t, c.order ?? "sorted");
    });
  }
});

/**
 * tree -D prints "Jan 02 15:04" for this year's times and "Jan 02  2006" for
 * other years in 1.76 (a8m/tree 2c8764a, January 2024); 1.60 always prints the
 * first form, so the times here are in the current year (of the zone used).
 */
describe.skipIf(!RCLONE).concurrent(`tree with times and sizes prints what rclone prints${skipNote}`, () => {
  let tree: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: tree, cleanup } = tempDir("tclone-interop-tree-"));
    const year = execFileSync("date", ["+%Y"], { env: { TZ: NY, PATH: process.env["PATH"] ?? "/usr/bin:/bin" } }).toString().trim();
    writeFile(tree, "b/one", "1");
    writeFile(tree, "b/three", "333");
    writeFile(tree, "a/two", "22");
    writeFile(tree, "c d/\u00fcber <x>", "four");
    writeFile(tree, "z", "seven77");
    touchAll(tree, `${year}-01-02 12:00:00`);
    touch(join(tree, "b/one"), `${year}-01-02 09:08:07.123456789`, NY);
    touch(join(tree, "z"), `${year}-01-02 23:59:59.999999999`, NY);
  });
  afterAll(() => cleanup());

  for (const args of [["tree", "-D"], ["tree", "-D", "-s", "--sort", "size"], ["tree", "-D", "--sort", "version", "-r"], ["tree", "-D", "-t"]]) {
    it(`${args.join(" ")} (TZ=${NY})`, async () => {
      const { r, t } = await both([...args, tree], { tz: NY });
      expectSameAsRclone(r, t, "exact");
    });
  }
});

/**
 * rclone's tree sorts with Go's sort.Sort, which is not stable: entries that
 * compare equal (same size, both directories…) come out in the order that
 * algorithm leaves them, so a wide directory full of ties shows whether
 * tclone sorts exactly as Go does.
 */
describe.skipIf(!RCLONE).concurrent(`tree orders ties as rclone does${skipNote}`, () => {
  let tree: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: tree, cleanup } = tempDir("tclone-interop-wide-"));
    for (let i = 1; i <= 150; i++) writeFile(tree, `f${i}`, "x".repeat(((i * 7919) % 3) * 700 + (i % 5 === 0 ? 1536 : 0)));
    for (let i = 1; i <= 20; i++) writeFile(tree, `d${i}/x`, "");
    writeFile(tree, "k1", "k".repeat(1025));
    writeFile(tree, "m15", "m".repeat(1572864));
    touchAll(tree, BASE_MTIME);
  });
  afterAll(() => cleanup());

  // Not "-r --sort size" or "-r --dirsfirst" here: on this input those reach
  // pdqsort's breakPatterns, whose xorshift Go 1.22 changed, so rclone 1.60
  // (Go 1.19) and 1.76 (Go 1.26) order the ties differently there.
  for (const args of [["tree", "--sort", "size"], ["tree", "--dirsfirst", "-d"], ["tree", "--dirsfirst", "--human-readable"], ["tree", "-t"], ["tree", "-t", "-r"]]) {
    it(args.join(" "), async () => {
      const { r, t } = await both([...args, tree]);
      expectSameAsRclone(r, t, "exact");
    });
  }
});
