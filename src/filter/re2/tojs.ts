/**
 * Go regexps as JavaScript RegExps. rclone prints its rules as Go regexp
 * source (`--dump filters`), so a GoRegexp keeps that source for display and
 * a translated `v`-flag RegExp for matching.
 *
 * What differs between the two engines and is bridged here:
 * - Go's `.` excludes only `\n` (JS also excludes `\r`, U+2028, U+2029);
 * - Go's `\s`, `\w`, `\b` and POSIX classes are ASCII; JS's `\s` is not;
 * - `(?i)`, `(?m)`, `(?s)`, `(?U)` may be switched on and off mid-pattern;
 *   JS flags apply to the whole pattern, so their effect is written out
 *   (folded classes, line-anchor lookarounds, explicit laziness);
 * - Go's `C` category excludes unassigned code points;
 * - JS in `u`/`v` mode rejects needless escapes and lone braces that Go
 *   accepts, so every non-alphanumeric literal is re-escaped as \u{…}.
 */
import { escapeCodePoint, type ClassItem } from "./classes.js";
import { foldExtras, foldOrbit } from "./casefold.js";
import { parseRe2, Re2SyntaxError, type Re2Node } from "./parse.js";

export { Re2SyntaxError } from "./parse.js";

/** A valid Go regexp that has no JavaScript equivalent here. */
export class Re2TranslateError extends Error {
  constructor(message: string) {
    super(`can't translate to a JavaScript regular expression: ${message}`);
    this.name = "Re2TranslateError";
  }
}

const WORD = "0-9A-Z_a-z";

function emitItem(item: ClassItem, fold: boolean): string {
  let body = item.kind === "range" ? (item.lo === item.hi ? escapeCodePoint(item.lo) : `${escapeCodePoint(item.lo)}-${escapeCodePoint(item.hi)}`) : item.body;
  if (fold) body += foldExtras(body);
  if (item.kind === "set" && item.negated) return `[^${body}]`;
  return body;
}

function emitClass(items: readonly ClassItem[], negated: boolean, fold: boolean): string {
  // Folding each item before negation is what Go does for [^…] and \P{…} under (?i).
  return `[${negated ? "^" : ""}${items.map((it) => emitItem(it, fold)).join("")}]`;
}

function emitAssert(a: "bot" | "eot" | "bol" | "eol" | "wb" | "nwb"): string {
  switch (a) {
    case "bot":
      return "^";
    case "eot":
      return "$";
    case "bol":
      return "(?<![^\\n])";
    case "eol":
      return "(?![^\\n])";
    case "wb":
      return `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
    case "nwb":
      return `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
  }
}

function emit(n: Re2Node): string {
  switch (n.t) {
    case "empty":
      return "(?:)";
    case "lit": {
      const orbit = n.fold ? foldOrbit(n.cp) : undefined;
      return orbit === undefined ? escapeCodePoint(n.cp) : `[${orbit.map(escapeCodePoint).join("")}]`;
    }
    case "class":
      return emitClass(n.items, n.negated, n.fold);
    case "dot":
      return n.nl ? "[\\s\\S]" : "[^\\n]";
    case "assert":
      return emitAssert(n.a);
    case "group":
      return n.capture ? `(${emit(n.sub)})` : `(?:${emit(n.sub)})`;
    case "concat":
      return n.subs.map((s) => (s.t === "alt" ? `(?:${emit(s)})` : emit(s))).join("");
    case "alt":
      return n.subs.map(emit).join("|");
    case "repeat": {
      const s = n.sub;
      const atomic = s.t === "lit" || s.t === "class" || s.t === "dot" || s.t === "group";
      const body = atomic ? emit(s) : `(?:${emit(s)})`;
      let q: string;
      if (n.min === 0 && n.max === -1) q = "*";
      else if (n.min === 1 && n.max === -1) q = "+";
      else if (n.min === 0 && n.max === 1 && !n.counted) q = "?";
      else if (n.max === -1) q = `{${n.min},}`;
      else if (n.min === n.max) q = `{${n.min}}`;
      else q = `{${n.min},${n.max}}`;
      return body + q + (n.greedy ? "" : "?");
    }
  }
}

/** Translates Go regexp source to JavaScript RegExp source for the `v` flag. */
export function re2ToJsSource(source: string): string {
  return emit(parseRe2(source));
}

/** A compiled Go regexp: Go source for display, a JS RegExp for matching. */
export class GoRegexp {
  private constructor(
    /** The Go regexp source, as rclone prints it. */
    readonly source: string,
    /** The equivalent JavaScript RegExp (flag `v`, no `g`: test() keeps no state). */
    readonly js: RegExp,
  ) {}

  /**
   * Compiles Go regexp source. Throws Re2SyntaxError for what Go rejects and
   * Re2TranslateError for what it accepts but cannot be expressed in JS.
   */
  static compile(source: string): GoRegexp {
    const js = re2ToJsSource(source);
    try {
      return new GoRegexp(source, new RegExp(js, "v"));
    } catch (err) {
      throw new Re2TranslateError(err instanceof Error ? err.message : String(err));
    }
  }

  /** Whether the regexp matches anywhere in s (Go's MatchString). */
  test(s: string): boolean {
    return this.js.test(s);
  }

  toString(): string {
    return this.source;
  }
}

/** True if err is a Go syntax error or an untranslatable regexp. */
export function isRe2Error(err: unknown): err is Re2SyntaxError | Re2TranslateError {
  return err instanceof Re2SyntaxError || err instanceof Re2TranslateError;
}
