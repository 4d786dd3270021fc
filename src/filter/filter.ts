/**
 * The filter: which files and directories a command works on, from the
 * filter flags (rclone's fs/filter.Filter). Path rules, --files-from, size
 * and age limits, metadata rules, --hash-filter and --exclude-if-present.
 */
import { DURATION_OFF, formatDuration, formatSizeBytes } from "../lib/units.js";
import { FsError, isKind } from "../fs/errors.js";
import type { GlobalOptions } from "../fs/globals.js";
import { LogLevel } from "../fs/log.js";
import type { DirEntry, Fs, Metadata, Time } from "../fs/types.js";
import { globPathToRegexp, globToDirGlobs, isDirGlobTooHard } from "./glob.js";
import { goQuote } from "../lib/goquote.js";
import { formatGoTime } from "./gotime.js";
import { hashPartition, parseHashFilter, type HashFilter } from "./hashfilter.js";
import { readEntries, type FilterIO } from "./lines.js";
import { applyFilterRule, buildRules, RuleList, ruleString, type FilterWarning, type Rule } from "./rules.js";

/** The metadata rule flags, which GlobalOptions does not (yet) carry. */
export interface MetadataFilterOptions {
  metadataInclude: readonly string[];
  metadataIncludeFrom: readonly string[];
  metadataExclude: readonly string[];
  metadataExcludeFrom: readonly string[];
  metadataFilter: readonly string[];
  metadataFilterFrom: readonly string[];
}

/** What a Filter is made from: the filter fields of GlobalOptions, plus optional metadata rules. */
export type FilterOptions = Pick<
  GlobalOptions,
  | "include"
  | "exclude"
  | "includeFrom"
  | "excludeFrom"
  | "filter"
  | "filterFrom"
  | "filesFrom"
  | "filesFromRaw"
  | "filesFrom0"
  | "excludeIfPresent"
  | "minSize"
  | "maxSize"
  | "minAge"
  | "maxAge"
  | "ignoreCase"
  | "deleteExcluded"
  | "hashFilter"
  | "maxDepth"
> &
  Partial<MetadataFilterOptions>;

const NS_PER_MS = 1_000_000n;

/** All the filter needs of an Fs: finding the --exclude-if-present marker files. */
export type MarkerLookup = Pick<Fs, "newObject">;

/** Go's path.Dir: the directory part of p, cleaned. */
function goDir(p: string): string {
  const slash = p.lastIndexOf("/");
  const dir = slash < 0 ? "" : p.slice(0, slash + 1);
  return goClean(dir);
}

/** Go's path.Clean. */
function goClean(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return "/" + joined;
  return joined === "" ? "." : joined;
}

const trimSlashes = (s: string): string => s.replace(/^\/+|\/+$/g, "");

/**
 * Decides which objects and directories are included. Make one with
 * Filter.create; it is immutable afterwards except through add/addRule/
 * addFile, which exist for library users building rules by hand.
 */
export class Filter {
  private readonly fileRules = new RuleList();
  private readonly dirRules = new RuleList();
  private readonly metaRules = new RuleList();
  private files: Set<string> | undefined;
  private dirs: Set<string> | undefined;
  private hash: HashFilter | undefined;
  private readonly warningList: FilterWarning[] = [];

  /** Objects modified before this (ns since the epoch) are excluded (from --max-age). */
  readonly modTimeFrom: Time | undefined;
  /** Objects modified after this (ns since the epoch) are excluded (from --min-age). */
  readonly modTimeTo: Time | undefined;
  /** Smallest size included, in bytes; -1 for no limit. */
  readonly minSize: number;
  /** Largest size included, in bytes; -1 for no limit. */
  readonly maxSize: number;
  /** --ignore-case: globs match regardless of case. */
  readonly ignoreCase: boolean;
  /** File names whose presence excludes their directory (--exclude-if-present). */
  readonly excludeIfPresent: readonly string[];
  /** --delete-excluded: sync deletes excluded files on the destination too. */
  readonly deleteExcluded: boolean;
  /** --max-depth: how many directory levels to descend; -1 for no limit. */
  readonly maxDepth: number;

  private constructor(opt: FilterOptions, now: Time) {
    this.minSize = opt.minSize;
    this.maxSize = opt.maxSize;
    this.ignoreCase = opt.ignoreCase;
    this.excludeIfPresent = [...opt.excludeIfPresent];
    this.deleteExcluded = opt.deleteExcluded;
    this.maxDepth = opt.maxDepth;
    if (opt.minAge !== DURATION_OFF) this.modTimeTo = now - opt.minAge;
    if (opt.maxAge !== DURATION_OFF) {
      this.modTimeFrom = now - opt.maxAge;
      if (this.modTimeTo !== undefined && this.modTimeTo < this.modTimeFrom) {
        throw new FsError(
          "usage",
          `filter: --min-age ${goQuote(formatDuration(opt.minAge))} can't be larger than --max-age ${goQuote(formatDuration(opt.maxAge))}`,
        );
      }
    }
    if (opt.hashFilter !== "") this.hash = parseHashFilter(opt.hashFilter);
  }

  /**
   * Builds a filter from the options, reading the `--*-from` files through
   * io (default: disk and process.stdin). now (ns since the epoch) anchors
   * --min-age/--max-age; default: the current time. Throws FsError "usage"
   * for bad globs, malformed rules, --files-from mixed with other filters,
   * --min-age larger than --max-age and a bad --hash-filter.
   */
  static async create(opt: FilterOptions, io: FilterIO = {}, now?: Time): Promise<Filter> {
    const f = new Filter(opt, now ?? BigInt(Date.now()) * NS_PER_MS);
    const read = (path: string): Promise<string[]> => readEntries(path, false, false, io);
    const warn = (w: FilterWarning): void => void f.warningList.push(w);
    await buildRules(
      opt,
      (inc, glob) => f.add(inc, glob),
      () => f.clear(),
      read,
      warn,
    );
    await buildRules(
      {
        include: opt.metadataInclude ?? [],
        includeFrom: opt.metadataIncludeFrom ?? [],
        exclude: opt.metadataExclude ?? [],
        excludeFrom: opt.metadataExcludeFrom ?? [],
        filter: opt.metadataFilter ?? [],
        filterFrom: opt.metadataFilterFrom ?? [],
      },
      (inc, glob) => f.metaRules.addGlob(inc, glob),
      () => f.metaRules.clear(),
      read,
      warn,
    );
    const inactive = f.inactive;
    const lists: [readonly string[], boolean, boolean, string][] = [
      [opt.filesFrom, false, false, "--files-from overrides all other filters, it should be used alone or with --files-from-raw or --files-from0"],
      [opt.filesFromRaw, true, false, "--files-from-raw overrides all other filters, it should be used alone or with --files-from or --files-from0"],
      [opt.filesFrom0, true, true, "--files-from0 overrides all other filters, it should be used alone or with --files-from or --files-from-raw"],
    ];
    for (const [paths, raw, nul, complaint] of lists) {
      for (const path of paths) {
        if (!inactive) throw new FsError("usage", `the usage of ${complaint}`);
        // An empty list still means "only these files": none.
        f.files ??= new Set();
        f.dirs ??= new Set();
        for (const file of await readEntries(path, raw, nul, io)) f.addFile(file);
      }
    }
    return f;
  }

  /** Things construction wanted logged (the include+exclude advice, undecidable directory globs). */
  get warnings(): readonly FilterWarning[] {
    return this.warningList;
  }

  /**
   * Adds a glob rule. `dir/` is a directory rule (an excluded `dir/` means
   * `dir/**`); a glob with `**` applies to files and directories; an
   * include also admits the directories its matches could live in.
   */
  add(include: boolean, glob: string): void {
    let isDirRule = glob.endsWith("/");
    let isFileRule = !isDirRule;
    if (isDirRule && !include) glob += "**";
    if (glob.includes("**")) {
      isDirRule = true;
      isFileRule = true;
    }
    const re = globPathToRegexp(glob, this.ignoreCase);
    if (isFileRule) {
      this.fileRules.add(include, re);
      // An exclude rules no directory out, except `*`, which excludes them all.
      if (include || glob === "*") this.addDirGlobs(include, glob);
    }
    if (isDirRule) this.dirRules.add(include, re);
  }

  private addDirGlobs(include: boolean, glob: string): void {
    if (isDirGlobTooHard(glob)) {
      this.warningList.push({
        level: LogLevel.Info,
        message: `Can't figure out directory filters from ${goQuote(glob)}: looking in all directories`,
      });
    }
    for (const dirGlob of globToDirGlobs(glob)) {
      // The root is always included, so "/" needs no rule.
      if (dirGlob === "/") continue;
      this.dirRules.add(include, globPathToRegexp(dirGlob, this.ignoreCase));
    }
  }

  /** Adds a `+ glob`, `- glob` or `!` rule, as --filter does. */
  addRule(rule: string): void {
    applyFilterRule(
      rule,
      (inc, glob) => this.add(inc, glob),
      () => this.clear(),
    );
  }

  /** Adds a --files-from entry (leading and trailing slashes are ignored) and its parent directories. */
  addFile(file: string): void {
    this.files ??= new Set();
    this.dirs ??= new Set();
    let p = trimSlashes(file);
    this.files.add(p);
    for (;;) {
      p = goDir(p);
      if (p === "." || p === "/" || this.dirs.has(p)) break;
      this.dirs.add(p);
    }
  }

  /** Removes every path and metadata rule. */
  clear(): void {
    this.fileRules.clear();
    this.dirRules.clear();
    this.metaRules.clear();
  }

  /** True when nothing is filtered at all (rclone's InActive): fast paths may skip the filter. */
  get inactive(): boolean {
    return (
      this.files === undefined &&
      this.modTimeFrom === undefined &&
      this.modTimeTo === undefined &&
      this.minSize < 0 &&
      this.maxSize < 0 &&
      this.fileRules.length === 0 &&
      this.dirRules.length === 0 &&
      this.metaRules.length === 0 &&
      this.excludeIfPresent.length === 0 &&
      this.hash === undefined
    );
  }

  /** True if --files-from (or -raw/0) was given, even with an empty list. */
  get haveFilesFrom(): boolean {
    return this.files !== undefined;
  }

  /** The --files-from entries in the order read (for --no-traverse), or undefined if none was given. */
  filesFrom(): string[] | undefined {
    return this.files === undefined ? undefined : [...this.files];
  }

  /** Whether includeObject needs the modification time (else any value will do). */
  get usesModTime(): boolean {
    return this.modTimeFrom !== undefined || this.modTimeTo !== undefined;
  }

  /** Whether includeObject needs the object's metadata. */
  get usesMetadata(): boolean {
    return this.metaRules.length > 0;
  }

  /**
   * True if directory rules can exclude directories, so a walk must go
   * level by level rather than use a recursive listing.
   */
  get usesDirectoryFilters(): boolean {
    const first = this.dirRules.rules[0];
    if (first === undefined) return false;
    return !(first.include && first.regexp.source === "^.*$");
  }

  /** The path rules in match order (for inspection). */
  get fileRuleList(): readonly Rule[] {
    return this.fileRules.rules;
  }

  /** The directory rules in match order (for inspection). */
  get dirRuleList(): readonly Rule[] {
    return this.dirRules.rules;
  }

  /** Whether a path passes --files-from, --hash-filter and the path rules (no size or age checks). */
  includeRemote(remote: string): boolean {
    if (this.files !== undefined) return this.files.has(remote);
    if (this.hash !== undefined && hashPartition(remote, this.hash.n) !== this.hash.k) return false;
    return this.fileRules.include(remote);
  }

  /**
   * Whether an object is included (rclone's Include): --files-from first,
   * then age, size, metadata rules, hash filter and path rules. Bounds are
   * inclusive. modTime is ns since the epoch; it is only looked at if
   * usesModTime, metadata only if usesMetadata.
   */
  includeObject(remote: string, size: number, modTime: Time, metadata?: Metadata): boolean {
    if (this.files !== undefined) return this.files.has(remote);
    if (this.modTimeFrom !== undefined && modTime < this.modTimeFrom) return false;
    if (this.modTimeTo !== undefined && modTime > this.modTimeTo) return false;
    if (this.minSize >= 0 && size < this.minSize) return false;
    if (this.maxSize >= 0 && size > this.maxSize) return false;
    if (this.metaRules.length > 0) {
      const pairs = Object.entries(metadata ?? {}).map(([k, v]) => `${k}=${v}`);
      // With no metadata the rules still need something to match, or their default would never apply.
      if (pairs.length === 0) pairs.push("\0=\0");
      if (!this.metaRules.includeMany(pairs)) return false;
    }
    return this.includeRemote(remote);
  }

  /**
   * True if any --exclude-if-present file exists in dir, looked up with
   * fs.newObject. "Not found", "not a file" and "permission denied" count as
   * absent; other errors (e.g. the marker is a directory) are thrown, as in rclone.
   */
  async dirContainsExcludeFile(fs: MarkerLookup, dir: string): Promise<boolean> {
    for (const name of this.excludeIfPresent) {
      const remote = dir === "" ? name : `${dir}/${name}`;
      try {
        await fs.newObject(remote);
        return true;
      } catch (err) {
        if (isKind(err, "objectNotFound") || isKind(err, "notAFile") || isKind(err, "permissionDenied")) continue;
        throw err;
      }
    }
    return false;
  }

  /** True if a directory listing holds an --exclude-if-present file (then the whole listing is dropped). */
  listContainsExcludeFile(entries: readonly DirEntry[]): boolean {
    if (this.excludeIfPresent.length === 0) return false;
    return entries.some((e) => !e.isDir && this.excludeIfPresent.includes(e.remote.slice(e.remote.lastIndexOf("/") + 1)));
  }

  /**
   * A check for directories of fs (paths relative to its root, slashes at
   * either end ignored): --exclude-if-present, then --files-from ancestors,
   * then the directory rules against "dir/". The root ("") is only subject
   * to --exclude-if-present.
   */
  includeDirectory(fs: MarkerLookup): (dir: string) => Promise<boolean> {
    return async (dir: string): Promise<boolean> => {
      const remote = trimSlashes(dir);
      if (await this.dirContainsExcludeFile(fs, remote)) return false;
      if (remote === "") return true;
      if (this.dirs !== undefined) return this.dirs.has(remote);
      return this.dirRules.include(remote + "/");
    };
  }

  /** The body of the `--dump filters` block (rclone's DumpFilters), lines joined by "\n". */
  dumpRules(): string {
    const lines: string[] = [];
    if (this.modTimeFrom !== undefined) lines.push(`Last-modified date must be equal or greater than: ${formatGoTime(this.modTimeFrom)}`);
    if (this.modTimeTo !== undefined) lines.push(`Last-modified date must be equal or less than: ${formatGoTime(this.modTimeTo)}`);
    if (this.minSize >= 0) lines.push(`Minimum size is: ${formatSizeBytes(this.minSize)}`);
    if (this.maxSize >= 0) lines.push(`Maximum size is: ${formatSizeBytes(this.maxSize)}`);
    lines.push("--- File filter rules ---", ...this.fileRules.rules.map(ruleString));
    lines.push("--- Directory filter rules ---", ...this.dirRules.rules.map(ruleString));
    if (this.metaRules.length > 0) lines.push("--- Metadata filter rules ---", ...this.metaRules.rules.map(ruleString));
    return lines.join("\n");
  }

  /** The whole `--dump filters` block as rclone prints it to standard output, ending in a newline. */
  dump(): string {
    return `--- start filters ---\n${this.dumpRules()}\n--- end filters ---\n`;
  }
}
