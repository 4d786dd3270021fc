/**
 * Cross-checks against the installed rclone (Debian's v1.60.1): the files
 * `rclone lsf -R --files-only <flags>` lists from a real tree must be the
 * files our Filter lets through when we walk the same tree, and
 * `--dump filters` must print the same rules.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsError } from "../../../src/fs/errors.js";
import { LogLevel } from "../../../src/fs/log.js";
import type { DirEntry, Obj } from "../../../src/fs/types.js";
import { parseDuration, parseSize } from "../../../src/lib/units.js";
import { Filter, type FilterOptions, type MarkerLookup } from "../../../src/filter/filter.js";
import { opts } from "./helpers.js";

function haveRclone(): boolean {
  try {
    execFileSync("rclone", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const DAY = 86400;
// [path, size, age in days]
const TREE: [string, number, number][] = [
  ["file1.jpg", 100, 0.5],
  ["file2.png", 2000, 3],
  ["File3.JPG", 5000, 10],
  ["notes.txt", 0, 40],
  [".hidden", 10, 0.5],
  ["big.bin", 20000, 3],
  ["x.tmp", 50, 0.5],
  ["a/a1.jpg", 1500, 3],
  ["a/a2.txt", 100, 10],
  ["a/A3.TXT", 900, 0.5],
  ["a/b/b1.jpg", 3000, 40],
  ["a/b/b2.png", 10, 0.5],
  ["a/b/.ignore", 0, 3],
  ["a/b/c/c1.txt", 700, 3],
  ["a/b/c/c2.jpg", 1024, 10],
  ["a/b/c/d/deep.txt", 5, 0.5],
  ["docs/readme.md", 300, 3],
  ["docs/guide.txt", 4096, 10],
  ["docs/old.doc", 8000, 40],
  ["docs/sub/s1.txt", 1, 0.5],
  ["docs/sub/s2.jpg", 2048, 3],
  ["photos/p1.jpg", 4000, 3],
  ["photos/p2.JPG", 4500, 10],
  ["photos/p3.png", 100, 40],
  ["photos/thumbs.db", 64, 0.5],
  ["photos/2020/q1.jpg", 1000, 10],
  ["photos/2020/q2.jpg", 1001, 3],
  ["photos/2020/q3.png", 999, 0.5],
  ["photos/2021/r1.jpg", 5120, 40],
  ["photos/2021/r2.heic", 6000, 3],
  ["misc/.ignore", 1, 3],
  ["misc/m1.txt", 200, 3],
  ["c/c.txt", 300, 3],
  ["b/b.jpg", 10, 3],
  ["sp ace/file with space.txt", 100, 3],
  ["ünï/ćödé.txt", 100, 3],
  ["ünï/ÜBER.jpg", 100, 10],
  ["x/y/z/zz.png", 77, 3],
  ["x/y/yy.jpg", 1025, 0.5],
  ["x/.hid/h.txt", 3, 3],
];

// Each case: rclone flags; files named in flags are written in the tree's sibling dir first.
const LISTS: Record<string, string> = {
  "filter-from": "# comment\n- *.tmp\n+ a/**\n+ /*.txt\n- *\n",
  "include-from": "*.png\n; comment\n  docs/**  \n",
  "exclude-from": "*.jpg\n*.JPG\nphotos/\n",
  "files-from": "file1.jpg\n/a/b/c/c1.txt\ndocs/sub/s2.jpg\nnonexistent.txt\n# comment\n  photos/2020/q1.jpg  \nsp ace/file with space.txt\n",
  "files-from-raw": "file1.jpg\n  photos/2020/q1.jpg  \n#x\nünï/ćödé.txt\n",
};

const CASES: string[][] = [
  ["--include", "*.jpg"],
  ["--exclude", "*.jpg"],
  ["--include", "/a/**"],
  ["--exclude", "a/"],
  ["--filter", "+ *.txt", "--filter", "- *"],
  ["--filter", "- /a/b/**", "--filter", "+ *.jpg", "--filter", "- *"],
  ["--filter-from", "@filter-from"],
  ["--include-from", "@include-from"],
  ["--exclude-from", "@exclude-from"],
  ["--files-from", "@files-from"],
  ["--files-from-raw", "@files-from-raw"],
  ["--min-size", "1k"],
  ["--max-size", "1k"],
  ["--min-size", "1000b", "--max-size", "5000b"],
  ["--min-age", "1d"],
  ["--max-age", "2d"],
  ["--min-age", "1d", "--max-age", "20d"],
  ["--ignore-case", "--include", "*.jpg"],
  ["--ignore-case", "--exclude", "/A/**", "--exclude", "*.txt"],
  ["--exclude-if-present", ".ignore"],
  ["--exclude-if-present", ".ignore", "--include", "*.txt"],
  ["--max-depth", "1"],
  ["--max-depth", "2", "--include", "*.txt"],
  ["--include", "{a,docs}/**"],
  ["--include", "/{{[a-c]}}/**"],
  ["--exclude", ".*", "--exclude", "*.tmp", "--exclude", ".*/**"],
  ["--include", "b/*.jpg"],
  ["--filter", "- a/b/", "--filter", "+ *"],
  ["--include", "**/c/*.txt"],
  ["--include", "*.{jpg,png}", "--exclude", "photos/**"],
  ["--include", "photos/20[0-9][0-9]/q?.*"],
  ["--filter", "+ docs/", "--filter", "- *.md"],
  ["--include", "*.txt", "--min-size", "100b", "--max-age", "20d"],
];

const RCLONE_ENV = { ...process.env, RCLONE_CONFIG: "/dev/null" };

/** The options our Filter gets for a list of rclone flags (only the flags CASES use). */
function toOptions(args: string[], listDir: string): FilterOptions {
  const o = opts();
  const arr = (k: "include" | "exclude" | "filter" | "filterFrom" | "includeFrom" | "excludeFrom" | "filesFrom" | "filesFromRaw" | "excludeIfPresent", v: string): void => {
    o[k] = [...o[k], v];
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === "--ignore-case") {
      o.ignoreCase = true;
      continue;
    }
    let v = args[++i]!;
    if (v.startsWith("@")) v = join(listDir, v.slice(1));
    switch (flag) {
      case "--include": arr("include", v); break;
      case "--exclude": arr("exclude", v); break;
      case "--filter": arr("filter", v); break;
      case "--filter-from": arr("filterFrom", v); break;
      case "--include-from": arr("includeFrom", v); break;
      case "--exclude-from": arr("excludeFrom", v); break;
      case "--files-from": arr("filesFrom", v); break;
      case "--files-from-raw": arr("filesFromRaw", v); break;
      case "--exclude-if-present": arr("excludeIfPresent", v); break;
      case "--min-size": o.minSize = parseSize(v); break;
      case "--max-size": o.maxSize = parseSize(v); break;
      case "--min-age": o.minAge = parseDuration(v); break;
      case "--max-age": o.maxAge = parseDuration(v); break;
      case "--max-depth": o.maxDepth = Number(v); break;
      default: throw new Error(`flag ${flag} not handled by the test`);
    }
  }
  return o;
}

/**
 * Marker lookups in a real directory, answering as the local backend does
 * (a directory is "is a directory", not "not found").
 */
function dirFs(root: string): MarkerLookup {
  return {
    newObject: async (remote: string) => {
      let st;
      try {
        st = statSync(join(root, remote));
      } catch {
        throw new FsError("objectNotFound");
      }
      if (st.isDirectory()) throw new FsError("isDir");
      // The filter only checks that the lookup succeeds.
      return { remote } as unknown as Obj;
    },
  };
}

/** Walks root like rclone's walk: listings with a marker are dropped, directories and files go through the filter. */
async function walk(root: string, f: Filter): Promise<string[]> {
  const includeDir = f.includeDirectory(dirFs(root));
  const out: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const names = readdirSync(join(root, dir));
    const entries = names.map((n) => {
      const remote = dir === "" ? n : `${dir}/${n}`;
      return { remote, isDir: statSync(join(root, remote)).isDirectory() } as unknown as DirEntry;
    });
    if (f.listContainsExcludeFile(entries)) return;
    for (const e of entries) {
      if (e.isDir) {
        if ((f.maxDepth < 0 || depth < f.maxDepth) && (await includeDir(e.remote))) await visit(e.remote, depth + 1);
      } else {
        const st = statSync(join(root, e.remote), { bigint: true });
        if (f.includeObject(e.remote, Number(st.size), st.mtimeNs)) out.push(e.remote);
      }
    }
  };
  await visit("", 1);
  return out.sort();
}

/** Runs rclone; stdout and stderr (its log) as text. */
function rclone(args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync("rclone", args, { env: RCLONE_ENV });
  if (r.status !== 0) throw new Error(`rclone ${args.join(" ")} failed: ${String(r.stderr)}`);
  return { stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe.skipIf(!haveRclone())("filters agree with rclone", () => {
  let base: string;
  let root: string;
  let listDir: string;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), "tclone-filter-oracle-"));
    root = join(base, "tree");
    listDir = join(base, "lists");
    mkdirSync(listDir);
    for (const [name, text] of Object.entries(LISTS)) writeFileSync(join(listDir, name), text);
    const now = Date.now() / 1000;
    for (const [p, size, ageDays] of TREE) {
      const full = join(root, p);
      mkdirSync(join(full, ".."), { recursive: true });
      writeFileSync(full, Buffer.alloc(size, 0x61));
      const t = now - ageDays * DAY;
      utimesSync(full, t, t);
    }
    mkdirSync(join(root, "empty"));
  });

  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  for (const args of CASES) {
    it(`lsf -R --files-only ${args.join(" ")}`, async () => {
      const real = args.map((a) => (a.startsWith("@") ? join(listDir, a.slice(1)) : a));
      const oracle = rclone(["lsf", "-R", "--files-only", ...real, root])
        .stdout.split("\n")
        .filter((l) => l !== "")
        .sort();
      const f = await Filter.create(toOptions(args, listDir));
      const ours = await walk(root, f);
      expect(ours).toEqual(oracle);
      // Guard against a vacuous comparison: every case keeps some files and drops others.
      expect(ours.length).toBeGreaterThan(0);
      expect(ours.length).toBeLessThan(TREE.length);
    });
  }

  const DUMP_CASES = CASES.filter((a) => !a.includes("--max-depth"));
  for (const args of DUMP_CASES) {
    it(`--dump filters ${args.join(" ")}`, async () => {
      const real = args.map((a) => (a.startsWith("@") ? join(listDir, a.slice(1)) : a));
      const { stdout, stderr } = rclone(["ls", "--dump", "filters", ...real, root]);
      const block = /--- start filters ---\n[\s\S]*?--- end filters ---\n/.exec(stdout);
      expect(block).not.toBeNull();
      const f = await Filter.create(toOptions(args, listDir));
      // rclone 1.60 predates the size lines (added in 1.70); the times differ run to run.
      const normalise = (s: string): string =>
        s
          .split("\n")
          .filter((l) => !/^(Minimum|Maximum) size is: /.test(l))
          .map((l) => l.replace(/(must be equal or (greater|less) than: ).*/, "$1<time>"))
          .join("\n");
      expect(normalise(f.dump())).toBe(normalise(block![0]));
      const oracleWarned = stderr.includes("ERROR : Using --filter is recommended instead of both --include and --exclude");
      expect(f.warnings.some((w) => w.level === LogLevel.Error)).toBe(oracleWarned);
    });
  }

  it("prints the size limits it was given in --dump filters (1.70+ format)", async () => {
    const f = await Filter.create(toOptions(["--min-size", "1k", "--max-size", "1.5M"], listDir));
    expect(f.dumpRules().split("\n").slice(0, 2)).toEqual(["Minimum size is: 1 KiB", "Maximum size is: 1.500 MiB"]);
  });
});
