import { describe, expect, it } from "vitest";
import { FsError, type ErrorKind } from "../../../src/fs/errors.js";
import { LogLevel } from "../../../src/fs/log.js";
import type { DirEntry, Obj } from "../../../src/fs/types.js";
import { Filter, type MarkerLookup } from "../../../src/filter/filter.js";
import type { FilterView } from "../../../src/ops/context.js";
import { INCLUDE_EXCLUDE_WARNING } from "../../../src/filter/rules.js";
import { memIO, opts, sec } from "./helpers.js";

async function usageError(p: Promise<unknown>): Promise<FsError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(FsError);
  expect((caught as FsError).kind).toBe("usage");
  return caught as FsError;
}

/** A marker lookup over a fixed set of files; anything named in `errors` fails with that kind. */
function markers(files: string[], errors: Record<string, ErrorKind> = {}): MarkerLookup & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    newObject: async (remote: string) => {
      asked.push(remote);
      const kind = errors[remote];
      if (kind !== undefined) throw new FsError(kind);
      if (!files.includes(remote)) throw new FsError("objectNotFound");
      // The filter only cares that the lookup succeeded.
      return { remote } as unknown as Obj;
    },
  };
}

/** A directory check for filters without --exclude-if-present (the lookup must not be used). */
function dirCheck(f: Filter): (dir: string) => Promise<boolean> {
  const none = markers([]);
  const check = f.includeDirectory(none);
  return async (dir) => {
    const r = await check(dir);
    expect(none.asked).toEqual([]);
    return r;
  };
}

describe("a default filter", () => {
  it("is inactive and includes everything", async () => {
    const f = await Filter.create(opts());
    expect(f.inactive).toBe(true);
    expect(f.usesDirectoryFilters).toBe(false);
    expect(f.filesFrom()).toBeUndefined();
    expect(f.includeObject("any/thing", 123, 0n)).toBe(true);
    expect(await dirCheck(f)("any")).toBe(true);
    expect(f.dumpRules()).toBe("--- File filter rules ---\n--- Directory filter rules ---");
    expect(f.warnings).toEqual([]);
    expect(f.maxDepth).toBe(-1);
    expect(f.deleteExcluded).toBe(false);
  });

  it("serves as the engine's FilterView, and addFile narrows it to that file", async () => {
    const view: FilterView = await Filter.create(opts());
    expect(view.inactive).toBe(true);
    view.addFile("dir/file.txt");
    expect(view.inactive).toBe(false);
    expect(view.filesFrom()).toEqual(["dir/file.txt"]);
    expect(view.includeRemote("dir/file.txt")).toBe(true);
    expect(view.includeRemote("dir/other.txt")).toBe(false);
  });
});

describe("rule matching (filter_test.go TestNewFilterMatches)", () => {
  const rules = ["+ cleared", "!", "- /file1.jpg", "+ /file2.png", "+ /*.jpg", "- /*.png", "- /potato", "+ /sausage1", "+ /sausage2*", "+ /sausage3**", "+ /a/*.jpg", "- *"];
  const files: [string, boolean][] = [
    ["cleared", false],
    ["file1.jpg", false],
    ["file2.png", true],
    ["FILE2.png", false],
    ["afile2.png", false],
    ["file3.jpg", true],
    ["file4.png", false],
    ["potato", false],
    ["sausage1", true],
    ["sausage1/potato", false],
    ["sausage2potato", true],
    ["sausage2/potato", false],
    ["sausage3/potato", true],
    ["a/one.jpg", true],
    ["a/one.png", false],
    ["unicorn", false],
  ];
  const dirs: [string, boolean][] = [
    ["sausage1", false],
    ["sausage2", false],
    ["sausage2/sub", false],
    ["sausage2/sub/dir", false],
    ["sausage3", true],
    ["SAUSAGE3", false],
    ["sausage3/sub", true],
    ["sausage3/sub/dir", true],
    ["sausage4", false],
    ["a", true],
  ];
  for (const [path, want] of files) {
    it(`file ${path} → ${want}`, async () => {
      const f = await Filter.create(opts({ filter: rules }));
      expect(f.includeObject(path, 100, 0n)).toBe(want);
      expect(f.inactive).toBe(false);
    });
  }
  for (const [dir, want] of dirs) {
    it(`directory ${dir} → ${want}`, async () => {
      const f = await Filter.create(opts({ filter: rules }));
      expect(await dirCheck(f)(dir)).toBe(want);
    });
  }

  it("matches case-insensitively with ignoreCase", async () => {
    const f = await Filter.create(opts({ ignoreCase: true, filter: ["+ /file2.png", "+ /sausage3**", "- *"] }));
    expect(f.includeObject("file2.png", 100, 0n)).toBe(true);
    expect(f.includeObject("FILE2.png", 100, 0n)).toBe(true);
    expect(await dirCheck(f)("sausage3")).toBe(true);
    expect(await dirCheck(f)("SAUSAGE3")).toBe(true);
  });

  it("honours {{regexp}} rules (TestNewFilterMatchesRegexp)", async () => {
    const f = await Filter.create(opts({ filter: ["+ /{{file\\d+\\.png}}", "+ *.{{(?i)jpg}}", "- *"] }));
    const cases: [string, boolean][] = [
      ["file2.png", true],
      ["sub/file2.png", false],
      ["file123.png", true],
      ["File123.png", false],
      ["something.jpg", true],
      ["deep/path/something.JPG", true],
      ["something.gif", false],
    ];
    for (const [p, want] of cases) expect(f.includeObject(p, 100, 0n), p).toBe(want);
    expect(await dirCheck(f)("anything at all")).toBe(true);
  });
});

describe("rule construction", () => {
  it("orders includes, excludes, filters and the implicit - /** (TestNewFilterFullExceptFilesFromOpt)", async () => {
    const io = memIO({
      "filter-from": "#comment\n+ filter2\n- filter3\n",
      "exclude-from": "#comment\nexclude2\nexclude3\n",
      "include-from": "#comment\ninclude2\ninclude3\n",
    });
    const f = await Filter.create(
      opts({
        deleteExcluded: true,
        filter: ["- filter1", "- filter1b"],
        filterFrom: ["filter-from"],
        exclude: ["exclude1"],
        excludeFrom: ["exclude-from"],
        include: ["include1"],
        includeFrom: ["include-from"],
        minSize: 100 * 1024,
        maxSize: 1000 * 1024,
      }),
      io,
    );
    expect(f.deleteExcluded).toBe(true);
    expect(f.dumpRules()).toBe(
      [
        "Minimum size is: 100 KiB",
        "Maximum size is: 1000 KiB",
        "--- File filter rules ---",
        "+ (^|/)include1$",
        "+ (^|/)include2$",
        "+ (^|/)include3$",
        "- (^|/)exclude1$",
        "- (^|/)exclude2$",
        "- (^|/)exclude3$",
        "- (^|/)filter1$",
        "- (^|/)filter1b$",
        "+ (^|/)filter2$",
        "- (^|/)filter3$",
        "- ^.*$",
        "--- Directory filter rules ---",
        "+ ^.*$",
        "- ^.*$",
      ].join("\n"),
    );
    expect(f.inactive).toBe(false);
    expect(f.warnings).toEqual([{ level: LogLevel.Error, message: INCLUDE_EXCLUDE_WARNING }]);
  });

  it("wraps the block for --dump filters", async () => {
    const f = await Filter.create(opts({ include: ["*.jpg"] }));
    expect(f.dump()).toBe(
      "--- start filters ---\n--- File filter rules ---\n+ (^|/)[^/]*\\.jpg$\n- ^.*$\n--- Directory filter rules ---\n+ ^.*$\n- ^.*$\n--- end filters ---\n",
    );
  });

  // filter_test.go TestFilterAddDirRuleOrFileRule
  const ADD: [boolean, string, string[], string[]][] = [
    [false, "potato", ["- (^|/)potato$"], []],
    [true, "potato", ["+ (^|/)potato$"], ["+ ^.*$"]],
    [false, "potato/", ["- (^|/)potato/.*$"], ["- (^|/)potato/.*$"]],
    [true, "potato/", [], ["+ (^|/)potato/$"]],
    [false, "*", ["- (^|/)[^/]*$"], ["- ^.*$"]],
    [true, "*", ["+ (^|/)[^/]*$"], ["+ ^.*$"]],
    [false, ".*{,/**}", ["- (^|/)\\.[^/]*(|/.*)$"], ["- (^|/)\\.[^/]*(|/.*)$"]],
    [true, "a/b/c/d", ["+ (^|/)a/b/c/d$"], ["+ (^|/)a/b/c/$", "+ (^|/)a/b/$", "+ (^|/)a/$"]],
  ];
  for (const [include, glob, fileRules, dirRules] of ADD) {
    it(`add(${include}, ${JSON.stringify(glob)}) makes file rules [${fileRules.join(", ")}] and directory rules [${dirRules.join(", ")}]`, async () => {
      const f = await Filter.create(opts());
      f.add(include, glob);
      expect(f.dumpRules()).toBe(["--- File filter rules ---", ...fileRules, "--- Directory filter rules ---", ...dirRules].join("\n"));
    });
  }

  it("keeps one copy of identical rules, at the first position", async () => {
    const f = await Filter.create(opts({ filter: ["- a", "+ b", "- a", "+ b", "+ a"] }));
    expect(f.fileRuleList.map((r) => `${r.include ? "+" : "-"} ${r.regexp.source}`)).toEqual(["- (^|/)a$", "+ (^|/)b$", "+ (^|/)a$"]);
  });

  it("warns when a directory glob cannot be worked out", async () => {
    const f = await Filter.create(opts({ include: ["a/{b,c/d}/*.jpg"] }));
    expect(f.warnings).toContainEqual({
      level: LogLevel.Info,
      message: `Can't figure out directory filters from "a/{b,c/d}/*.jpg": looking in all directories`,
    });
    expect(f.warnings.some((w) => w.level === LogLevel.Error)).toBe(false);
  });

  it("rejects malformed rules and bad globs", async () => {
    expect((await usageError(Filter.create(opts({ filter: ["x y"] })))).message).toBe('malformed rule "x y"');
    expect((await usageError(Filter.create(opts({ filter: ["+x"] })))).message).toBe('malformed rule "+x"');
    expect((await usageError(Filter.create(opts({ filterFrom: ["f"] }), memIO({ f: "+  ok\n-bad\n" })))).message).toBe('malformed rule "-bad"');
    expect((await usageError(Filter.create(opts({ include: ["a{b"] })))).message).toBe(`mismatched '{' and '}' in glob "a{b"`);
    expect((await usageError(Filter.create(opts({ exclude: ["***"] })))).message).toBe(`too many stars in "***"`);
  });

  it("reports a missing --*-from file", async () => {
    const err = await usageError(Filter.create(opts({ includeFrom: ["/nonexistent/tclone-filter-list"] })));
    expect(err.message).toBe("open /nonexistent/tclone-filter-list: no such file or directory");
  });

  it("reads rules from stdin for -", async () => {
    const f = await Filter.create(opts({ filterFrom: ["-"] }), memIO({}, "- *.tmp\n+ **\n"));
    expect(f.includeObject("x.tmp", 1, 0n)).toBe(false);
    expect(f.includeObject("x.txt", 1, 0n)).toBe(true);
  });

  it("has ! clear the rules given before it only", async () => {
    const f = await Filter.create(opts({ exclude: ["*.jpg"], filter: ["!", "- *.png"] }));
    expect(f.includeObject("a.jpg", 1, 0n)).toBe(true);
    expect(f.includeObject("a.png", 1, 0n)).toBe(false);
  });

  it("applies the implicit - /** only when includes were given", async () => {
    const inc = await Filter.create(opts({ include: ["*.jpg"] }));
    expect(inc.includeObject("a.txt", 1, 0n)).toBe(false);
    const exc = await Filter.create(opts({ exclude: ["*.jpg"] }));
    expect(exc.includeObject("a.txt", 1, 0n)).toBe(true);
    expect(exc.dirRuleList).toEqual([]);
  });
});

// filter_test.go TestNewFilterUsesDirectoryFilters
const USES_DIR: [string[], boolean][] = [
  [[], false],
  [["+ *"], false],
  [["+ *.jpg", "- *"], false],
  [["- *.jpg"], false],
  [["- *.jpg", "+ *"], false],
  [["+ dir/*.jpg", "- *"], true],
  [["+ dir/**"], true],
  [["- dir/**"], true],
  [["- /dir/**"], true],
];

describe("usesDirectoryFilters", () => {
  for (const [rules, want] of USES_DIR) {
    it(`[${rules.join(", ")}] → ${want}`, async () => {
      const f = await Filter.create(opts({ filter: rules }));
      expect(f.usesDirectoryFilters).toBe(want);
    });
  }
});

describe("size limits", () => {
  it("includes sizes at or above --min-size", async () => {
    const f = await Filter.create(opts({ minSize: 100 }));
    expect([f.includeObject("file1.jpg", 100, 0n), f.includeObject("file2.jpg", 101, 0n), f.includeObject("potato/file2.jpg", 99, 0n)]).toEqual([true, true, false]);
    expect(f.inactive).toBe(false);
  });

  it("includes sizes at or below --max-size", async () => {
    const f = await Filter.create(opts({ maxSize: 100 }));
    expect([f.includeObject("file1.jpg", 100, 0n), f.includeObject("file2.jpg", 101, 0n), f.includeObject("potato/file2.jpg", 99, 0n)]).toEqual([true, false, true]);
  });
});

describe("age limits", () => {
  // now - maxAge = 1440000002 (ModTimeFrom), now - minAge = 1440000003 (ModTimeTo)
  const now = sec(1440000010);
  const cases = (f: Filter, t: number): boolean => f.includeObject("file.jpg", 100, sec(t));

  it("keeps modification times between --max-age and --min-age, inclusive", async () => {
    const f = await Filter.create(opts({ maxAge: sec(8), minAge: sec(7) }), {}, now);
    expect(f.modTimeFrom).toBe(sec(1440000002));
    expect(f.modTimeTo).toBe(sec(1440000003));
    expect([1440000000, 1440000001, 1440000002, 1440000003, 1440000004].map((t) => cases(f, t))).toEqual([false, false, true, true, false]);
    expect(f.usesModTime).toBe(true);
  });

  it("with only --min-age keeps older files", async () => {
    const f = await Filter.create(opts({ minAge: sec(8) }), {}, now);
    expect([1440000000, 1440000001, 1440000002, 1440000003, 1440000004].map((t) => cases(f, t))).toEqual([true, true, true, false, false]);
  });

  it("with only --max-age keeps newer files", async () => {
    const f = await Filter.create(opts({ maxAge: sec(8) }), {}, now);
    expect([1440000000, 1440000001, 1440000002, 1440000003, 1440000004].map((t) => cases(f, t))).toEqual([false, false, true, true, true]);
  });

  it("refuses --min-age larger than --max-age", async () => {
    const err = await usageError(Filter.create(opts({ minAge: sec(2 * 86400), maxAge: sec(86400) })));
    expect(err.message).toBe('filter: --min-age "2d" can\'t be larger than --max-age "1d"');
  });

  it("dumps the age bounds as Go times", async () => {
    const f = await Filter.create(opts({ maxAge: sec(86400), minAge: sec(3600) }), {}, sec(1440000000) + 123_000_000n);
    const lines = f.dumpRules().split("\n");
    expect(lines[0]).toMatch(/^Last-modified date must be equal or greater than: 2015-08-18 \d\d:00:00\.123 [+-]\d{4} \S+$/);
    expect(lines[1]).toMatch(/^Last-modified date must be equal or less than: 2015-08-19 \d\d:00:00\.123 [+-]\d{4} \S+$/);
  });
});

describe("--files-from", () => {
  it("includes exactly the listed files, slashes trimmed (TestNewFilterIncludeFiles)", async () => {
    const f = await Filter.create(opts());
    f.addFile("file1.jpg");
    f.addFile("/file2.jpg");
    expect(f.filesFrom()).toEqual(["file1.jpg", "file2.jpg"]);
    expect([f.includeObject("file1.jpg", 0, 0n), f.includeObject("file2.jpg", 1, 0n), f.includeObject("potato/file2.jpg", 2, 0n), f.includeObject("file3.jpg", 3, 0n)]).toEqual([true, true, false, false]);
    expect(f.inactive).toBe(false);
  });

  it("includes the ancestors of listed files as directories (TestNewFilterIncludeFilesDirs)", async () => {
    const f = await Filter.create(opts({ filesFrom: ["list"] }), memIO({ list: "path/to/dir/file1.png\n/path/to/dir/file2.png\n/path/to/file3.png\n/path/to/dir2/file4.png\n" }));
    const check = dirCheck(f);
    const dirs: [string, boolean][] = [
      ["path", true],
      ["path/to", true],
      ["path/to/", true],
      ["/path/to", true],
      ["/path/to/", true],
      ["path/to/dir", true],
      ["path/to/dir2", true],
      ["path/too", false],
      ["path/three", false],
      ["four", false],
    ];
    for (const [d, want] of dirs) expect(await check(d), d).toBe(want);
    expect(f.haveFilesFrom).toBe(true);
  });

  it("skips comments, but -raw keeps every line and -0 splits on NUL", async () => {
    const io = memIO({ list: "#comment\nfiles1\nfiles2\n", list0: "#comment\0files1\nmore\0files2\0" });
    expect((await Filter.create(opts({ filesFrom: ["list"] }), io)).filesFrom()).toEqual(["files1", "files2"]);
    expect((await Filter.create(opts({ filesFromRaw: ["list"] }), io)).filesFrom()).toEqual(["#comment", "files1", "files2"]);
    expect((await Filter.create(opts({ filesFrom0: ["list0"] }), io)).filesFrom()).toEqual(["#comment", "files1\nmore", "files2"]);
  });

  it("with an empty list includes nothing", async () => {
    const f = await Filter.create(opts({ filesFrom: ["empty"] }), memIO({ empty: "" }));
    expect(f.filesFrom()).toEqual([]);
    expect(f.includeObject("a", 1, 0n)).toBe(false);
    expect(await dirCheck(f)("a")).toBe(false);
  });

  it("cannot be combined with other filters", async () => {
    const io = memIO({ list: "files1\n" });
    expect((await usageError(Filter.create(opts({ filter: ["- filter1", "- filter1b"], filesFrom: ["list"] }), io))).message).toBe(
      "the usage of --files-from overrides all other filters, it should be used alone or with --files-from-raw or --files-from0",
    );
    expect((await usageError(Filter.create(opts({ filter: ["- filter1"], filesFromRaw: ["list"] }), io))).message).toContain(
      "the usage of --files-from-raw overrides all other filters",
    );
    expect((await usageError(Filter.create(opts({ filter: ["- filter1"], filesFrom0: ["list"] }), io))).message).toContain(
      "the usage of --files-from0 overrides all other filters",
    );
    await usageError(Filter.create(opts({ minSize: 1, filesFrom: ["list"] }), io));
    await usageError(Filter.create(opts({ excludeIfPresent: [".x"], filesFrom: ["list"] }), io));
    await usageError(Filter.create(opts({ hashFilter: "0/2", filesFrom: ["list"] }), io));
  });

  it("may be combined with its -raw and -0 forms", async () => {
    const io = memIO({ a: "x\n", b: "y\n", c: "z\0" });
    const f = await Filter.create(opts({ filesFrom: ["a"], filesFromRaw: ["b"], filesFrom0: ["c"] }), io);
    expect(f.filesFrom()).toEqual(["x", "y", "z"]);
  });
});

describe("metadata rules", () => {
  it("include t*=t* then exclude everything (TestNewFilterMetadataInclude)", async () => {
    const f = await Filter.create(opts({ metadataFilter: ["+ t*=t*", "- *"] }));
    expect(f.includeObject("nil", 0, 0n)).toBe(false);
    expect(f.includeObject("empty", 0, 0n, {})).toBe(false);
    expect(f.includeObject("ok1", 0, 0n, { thing: "thang" })).toBe(true);
    expect(f.includeObject("ok2", 0, 0n, { thing1: "thang1" })).toBe(true);
    expect(f.includeObject("missing", 0, 0n, { Thing1: "Thang1" })).toBe(false);
    expect(f.inactive).toBe(false);
    expect(f.usesMetadata).toBe(true);
  });

  it("exclude thing=thang then include everything (TestNewFilterMetadataExclude)", async () => {
    const f = await Filter.create(opts({ metadataFilter: ["- thing=thang", "+ *"] }));
    expect(f.includeObject("nil", 0, 0n)).toBe(true);
    expect(f.includeObject("empty", 0, 0n, {})).toBe(true);
    expect(f.includeObject("ok1", 0, 0n, { thing: "thang" })).toBe(false);
    expect(f.includeObject("missing1", 0, 0n, { thing1: "thang1" })).toBe(true);
  });

  it("get the implicit exclude from --metadata-include and are dumped after the path rules", async () => {
    const f = await Filter.create(opts({ metadataInclude: ["mime=image/*"] }));
    expect(f.includeObject("a", 0, 0n, { mime: "image/png" })).toBe(true);
    expect(f.includeObject("a", 0, 0n, { mime: "text/plain" })).toBe(false);
    expect(f.dumpRules()).toBe("--- File filter rules ---\n--- Directory filter rules ---\n--- Metadata filter rules ---\n+ (^|/)mime=image/[^/]*$\n- ^.*$");
  });

  it("stay case-sensitive under --ignore-case", async () => {
    const f = await Filter.create(opts({ ignoreCase: true, metadataInclude: ["k=v"] }));
    expect(f.includeObject("a", 0, 0n, { K: "V" })).toBe(false);
  });
});

describe("--exclude-if-present", () => {
  it("excludes a directory holding a marker file, looked up in that directory", async () => {
    const f = await Filter.create(opts({ excludeIfPresent: [".nobackup", ".ignore"] }));
    const fs = markers(["a/b/.ignore", ".nobackup"]);
    const check = f.includeDirectory(fs);
    expect(await check("a")).toBe(true);
    expect(fs.asked).toEqual(["a/.nobackup", "a/.ignore"]);
    expect(await check("/a/b/")).toBe(false);
    expect(await check("")).toBe(false);
    expect(f.inactive).toBe(false);
  });

  it("treats not-a-file and permission denied as absent but passes other errors on", async () => {
    const f = await Filter.create(opts({ excludeIfPresent: [".ignore"] }));
    const fs = markers([], { "x/.ignore": "notAFile", "y/.ignore": "permissionDenied", "z/.ignore": "isDir" });
    const check = f.includeDirectory(fs);
    expect(await check("x")).toBe(true);
    expect(await check("y")).toBe(true);
    await expect(check("z")).rejects.toMatchObject({ kind: "isDir" });
  });

  it("is checked before the directory rules", async () => {
    const f = await Filter.create(opts({ excludeIfPresent: [".ignore"], include: ["keep/**"] }));
    const check = f.includeDirectory(markers(["keep/.ignore"]));
    expect(await check("keep")).toBe(false);
    expect(await check("other")).toBe(false);
  });

  it("drops a listing that holds a marker file, but not a marker directory", async () => {
    const f = await Filter.create(opts({ excludeIfPresent: [".ignore"] }));
    const entry = (remote: string, isDir: boolean): DirEntry => ({ remote, isDir }) as unknown as DirEntry;
    expect(f.listContainsExcludeFile([entry("d/a", false), entry("d/.ignore", false)])).toBe(true);
    expect(f.listContainsExcludeFile([entry("d/a", false), entry("d/.ignore", true)])).toBe(false);
    expect(f.listContainsExcludeFile([entry(".ignore", false)])).toBe(true);
    const plain = await Filter.create(opts());
    expect(plain.listContainsExcludeFile([entry(".ignore", false)])).toBe(false);
  });
});
