/**
 * Ordered include/exclude rule lists (first match wins) and the order in
 * which rclone builds them from the flags.
 */
import { FsError } from "../fs/errors.js";
import { LogLevel } from "../fs/log.js";
import { globPathToRegexp, type GoRegexp } from "./glob.js";
import { goQuote } from "../lib/goquote.js";

/** One rule: a regexp and whether a match includes or excludes. */
export interface Rule {
  readonly include: boolean;
  readonly regexp: GoRegexp;
}

/** A rule as rclone prints it: "+ <regexp>" or "- <regexp>". */
export function ruleString(r: Rule): string {
  return `${r.include ? "+" : "-"} ${r.regexp.source}`;
}

/** Something filter construction wants logged; the caller owns the logger. */
export interface FilterWarning {
  readonly level: LogLevel;
  readonly message: string;
}

/** An ordered rule list. Identical rules are kept once, at their first position. */
export class RuleList {
  private list: Rule[] = [];
  private seen = new Set<string>();

  /** The rules in match order. */
  get rules(): readonly Rule[] {
    return this.list;
  }

  get length(): number {
    return this.list.length;
  }

  /** Appends a rule unless the same rule is already present. */
  add(include: boolean, regexp: GoRegexp): void {
    const rule: Rule = { include, regexp };
    const key = ruleString(rule);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(rule);
  }

  /** Appends a glob rule as a plain path glob (case-sensitive, no directory rules), as metadata rules are. */
  addGlob(include: boolean, glob: string): void {
    this.add(include, globPathToRegexp(glob, false));
  }

  clear(): void {
    this.list = [];
    this.seen = new Set();
  }

  /** The verdict of the first rule matching s; included if none matches. */
  include(s: string): boolean {
    for (const r of this.list) if (r.regexp.test(s)) return r.include;
    return true;
  }

  /** The verdict of the first rule matching any of the strings; included if none matches. */
  includeMany(strings: readonly string[]): boolean {
    for (const r of this.list) if (strings.some((s) => r.regexp.test(s))) return r.include;
    return true;
  }
}

/** The rule-making flags of one rule set (paths, or metadata). */
export interface RuleFlags {
  include: readonly string[];
  includeFrom: readonly string[];
  exclude: readonly string[];
  excludeFrom: readonly string[];
  filter: readonly string[];
  filterFrom: readonly string[];
}

/** Adds one glob rule. */
export type AddGlob = (include: boolean, glob: string) => void;

/**
 * Applies a `--filter` style rule: `+ glob`, `- glob` (exactly one space),
 * or `!` to clear every rule so far. Anything else is a usage error.
 */
export function applyFilterRule(rule: string, add: AddGlob, clear: () => void): void {
  if (rule === "!") clear();
  else if (rule.startsWith("- ")) add(false, rule.slice(2));
  else if (rule.startsWith("+ ")) add(true, rule.slice(2));
  else throw new FsError("usage", `malformed rule ${goQuote(rule)}`);
}

/** rclone's complaint when both --include and --exclude style flags are given. */
export const INCLUDE_EXCLUDE_WARNING =
  "Using --filter is recommended instead of both --include and --exclude as the order they are parsed in is indeterminate";

/**
 * Builds a rule set from its flags in rclone's order: includes, include-from
 * files, excludes, exclude-from files, filter rules, filter-from files, and,
 * if any include was given, a final `- /**` so that nothing else gets in.
 */
export async function buildRules(
  flags: RuleFlags,
  add: AddGlob,
  clear: () => void,
  read: (path: string) => Promise<string[]>,
  warn: (w: FilterWarning) => void,
): Promise<void> {
  let sawInclude = false;
  let sawExclude = false;
  for (const g of flags.include) {
    add(true, g);
    sawInclude = true;
  }
  for (const path of flags.includeFrom) {
    for (const g of await read(path)) add(true, g);
    sawInclude = true;
  }
  for (const g of flags.exclude) {
    add(false, g);
    sawExclude = true;
  }
  for (const path of flags.excludeFrom) {
    for (const g of await read(path)) add(false, g);
    sawExclude = true;
  }
  if (sawInclude && sawExclude) warn({ level: LogLevel.Error, message: INCLUDE_EXCLUDE_WARNING });
  for (const rule of flags.filter) applyFilterRule(rule, add, clear);
  for (const path of flags.filterFrom) {
    for (const rule of await read(path)) applyFilterRule(rule, add, clear);
  }
  if (sawInclude) add(false, "/**");
}
