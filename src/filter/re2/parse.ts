/**
 * A parser for Go's regexp syntax (RE2 with Go's Perl flags), accepting and
 * rejecting exactly what Go's regexp.Compile does, with Go's error texts, so
 * that `{{regexp}}` filter blocks behave as in rclone. The tree it builds
 * is just rich enough to be re-emitted as a JavaScript RegExp (tojs.ts).
 */
import { perlGroup, posixGroup, unicodeGroup, type ClassItem } from "./classes.js";
import { codePointAt, parseEscape, Re2SyntaxError } from "./escape.js";

export { Re2SyntaxError } from "./escape.js";

/** A parsed Go regexp. Every literal and class carries the case folding in force where it was written. */
export type Re2Node =
  | { readonly t: "empty" }
  | { readonly t: "lit"; readonly cp: number; readonly fold: boolean }
  | { readonly t: "class"; readonly items: readonly ClassItem[]; readonly negated: boolean; readonly fold: boolean }
  | { readonly t: "dot"; readonly nl: boolean }
  | { readonly t: "assert"; readonly a: "bot" | "eot" | "bol" | "eol" | "wb" | "nwb" }
  | { readonly t: "group"; readonly capture: boolean; readonly sub: Re2Node }
  | { readonly t: "concat"; readonly subs: readonly Re2Node[] }
  | { readonly t: "alt"; readonly subs: readonly Re2Node[] }
  | {
      readonly t: "repeat";
      readonly sub: Re2Node;
      readonly min: number;
      /** -1 for no upper bound. */
      readonly max: number;
      readonly greedy: boolean;
      /** Written as {n,m} (Go's OpRepeat) rather than * + ?. */
      readonly counted: boolean;
    };

const FOLD = 1;
const DOTNL = 2;
const ONELINE = 4;
const NONGREEDY = 8;

const MAX_REPEAT = 1000;
const REPEAT = /\{(\d+)(,(\d*))?\}/y;
const MAX_DEPTH = 1000;

interface Frame {
  branches: Re2Node[];
  items: Re2Node[];
  /** Flags to restore when the group closes. */
  saved: number;
  capture: boolean;
}

function concatOf(items: Re2Node[]): Re2Node {
  if (items.length === 0) return { t: "empty" };
  if (items.length === 1) return items[0]!;
  return { t: "concat", subs: items };
}

function finish(f: Frame): Re2Node {
  const last = concatOf(f.items);
  if (f.branches.length === 0) return last;
  return { t: "alt", subs: [...f.branches, last] };
}

/** Whether the nested repeat counts under re stay within n copies (Go's repeatIsValid). */
function repeatIsValid(re: Re2Node, n: number): boolean {
  if (re.t === "repeat" && re.counted) {
    let m = re.max;
    if (m === 0) return true;
    if (m < 0) m = re.min;
    if (m > n) return false;
    if (m > 0) n = Math.trunc(n / m);
  }
  switch (re.t) {
    case "repeat":
    case "group":
      return repeatIsValid(re.sub, n);
    case "concat":
    case "alt":
      return re.subs.every((s) => repeatIsValid(s, n));
    default:
      return true;
  }
}

class Parser {
  private flags = ONELINE;
  private readonly stack: Frame[] = [];
  private cur: Frame = { branches: [], items: [], saved: ONELINE, capture: false };
  private i = 0;

  constructor(private readonly src: string) {}

  private cpAt(i: number): number {
    return codePointAt(this.src, i);
  }

  private push(n: Re2Node): void {
    this.cur.items.push(n);
  }

  private literal(cp: number): void {
    this.push({ t: "lit", cp, fold: (this.flags & FOLD) !== 0 });
  }

  parse(): Re2Node {
    const s = this.src;
    let lastRepeat = -1;
    while (this.i < s.length) {
      let repeat = -1;
      const c = s[this.i]!;
      switch (c) {
        case "(":
          if (s[this.i + 1] === "?") this.perlFlags();
          else this.open(true, this.i + 1);
          break;
        case "|":
          this.cur.branches.push(concatOf(this.cur.items));
          this.cur.items = [];
          this.i++;
          break;
        case ")":
          this.close();
          this.i++;
          break;
        case "^":
          this.push({ t: "assert", a: this.flags & ONELINE ? "bot" : "bol" });
          this.i++;
          break;
        case "$":
          this.push({ t: "assert", a: this.flags & ONELINE ? "eot" : "eol" });
          this.i++;
          break;
        case ".":
          this.push({ t: "dot", nl: (this.flags & DOTNL) !== 0 });
          this.i++;
          break;
        case "[":
          this.parseClass();
          break;
        case "*":
        case "+":
        case "?": {
          const start = this.i;
          const [min, max] = c === "*" ? [0, -1] : c === "+" ? [1, -1] : [0, 1];
          this.repeat(start, start + 1, min, max, false, lastRepeat);
          repeat = start;
          break;
        }
        case "{": {
          const start = this.i;
          const r = this.parseRepeat(start);
          if (r === undefined) {
            this.literal(0x7b);
            this.i++;
            break;
          }
          const [min, max, after] = r;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            throw new Re2SyntaxError("invalid repeat count", s.slice(start, after));
          }
          this.repeat(start, after, min, max, true, lastRepeat);
          repeat = start;
          break;
        }
        case "\\":
          this.backslash();
          break;
        default: {
          const cp = this.cpAt(this.i);
          this.literal(cp);
          this.i += cp > 0xffff ? 2 : 1;
        }
      }
      lastRepeat = repeat;
    }
    if (this.stack.length > 0) throw new Re2SyntaxError("missing closing )", s);
    return finish(this.cur);
  }

  private open(capture: boolean, next: number): void {
    if (this.stack.length >= MAX_DEPTH) throw new Re2SyntaxError("expression nests too deeply", this.src);
    this.stack.push(this.cur);
    this.cur = { branches: [], items: [], saved: this.flags, capture };
    this.i = next;
  }

  private close(): void {
    const parent = this.stack.pop();
    if (parent === undefined) throw new Re2SyntaxError("unexpected )", this.src);
    const done = this.cur;
    this.flags = done.saved;
    this.cur = parent;
    this.push({ t: "group", capture: done.capture, sub: finish(done) });
  }

  private perlFlags(): void {
    const t = this.src.slice(this.i);
    const withP = t.length > 4 && t[2] === "P" && t[3] === "<";
    const withName = t.length > 3 && t[2] === "<";
    if (withP || withName) {
      const end = t.indexOf(">");
      if (end < 0) throw new Re2SyntaxError("invalid named capture", t);
      const name = t.slice(withP ? 4 : 3, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Re2SyntaxError("invalid named capture", t.slice(0, end + 1));
      // The name is of no use to a filter, so the group becomes a plain capture.
      this.open(true, this.i + end + 1);
      return;
    }
    let j = 2;
    let f = this.flags;
    let sign = 1;
    let saw = false;
    while (j < t.length) {
      const c = t[j]!;
      j++;
      if (c === "i" || c === "m" || c === "s" || c === "U") {
        if (c === "i") f |= FOLD;
        else if (c === "m") f &= ~ONELINE;
        else if (c === "s") f |= DOTNL;
        else f |= NONGREEDY;
        saw = true;
      } else if (c === "-") {
        if (sign < 0) break;
        sign = -1;
        // Work on the complement so that setting a bit clears it; undone below.
        f = ~f;
        saw = false;
      } else if (c === ":" || c === ")") {
        if (sign < 0) {
          if (!saw) break;
          f = ~f;
        }
        if (c === ":") this.open(false, this.i + j);
        else this.i += j;
        this.flags = f & (FOLD | DOTNL | ONELINE | NONGREEDY);
        return;
      } else {
        // Include the whole offending character, which may be astral.
        if (c >= "\ud800" && c <= "\udbff" && j < t.length) j++;
        break;
      }
    }
    throw new Re2SyntaxError("invalid or unsupported Perl syntax", t.slice(0, j));
  }

  /** Parses {min}, {min,} or {min,max} at i; undefined if it is not one (then `{` is a literal). */
  private parseRepeat(i: number): [number, number, number] | undefined {
    REPEAT.lastIndex = i;
    const m = REPEAT.exec(this.src);
    if (!m) return undefined;
    const int = (d: string): number | undefined => {
      if (d.length >= 2 && d[0] === "0") return undefined; // Go refuses leading zeros
      return d.length > 8 ? -1 : Number(d);
    };
    const min = int(m[1]!);
    if (min === undefined) return undefined;
    let max = min;
    if (m[2] !== undefined) {
      if (m[3] === "") max = -1;
      else {
        const v = int(m[3]!);
        if (v === undefined) return undefined;
        max = v;
        if (v < 0) return [-1, v, i + m[0].length];
      }
    }
    return [min, max, i + m[0].length];
  }

  private repeat(start: number, after: number, min: number, max: number, counted: boolean, lastRepeat: number): void {
    let greedy = (this.flags & NONGREEDY) === 0;
    if (this.src[after] === "?") {
      after++;
      greedy = !greedy;
    }
    if (lastRepeat >= 0) throw new Re2SyntaxError("invalid nested repetition operator", this.src.slice(lastRepeat, after));
    const sub = this.cur.items.pop();
    if (sub === undefined) throw new Re2SyntaxError("missing argument to repetition operator", this.src.slice(start, after));
    const node: Re2Node = { t: "repeat", sub, min, max, greedy, counted };
    this.push(node);
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      throw new Re2SyntaxError("invalid repeat count", this.src.slice(start, after));
    }
    this.i = after;
  }

  private backslash(): void {
    const s = this.src;
    const fold = (this.flags & FOLD) !== 0;
    const next = s[this.i + 1];
    switch (next) {
      case "A":
        this.push({ t: "assert", a: "bot" });
        this.i += 2;
        return;
      case "z":
        this.push({ t: "assert", a: "eot" });
        this.i += 2;
        return;
      case "b":
        this.push({ t: "assert", a: "wb" });
        this.i += 2;
        return;
      case "B":
        this.push({ t: "assert", a: "nwb" });
        this.i += 2;
        return;
      case "C":
        throw new Re2SyntaxError("invalid escape sequence", "\\C");
      case "Q": {
        const end = s.indexOf("\\E", this.i + 2);
        const lit = end < 0 ? s.slice(this.i + 2) : s.slice(this.i + 2, end);
        for (let k = 0; k < lit.length; ) {
          const cp = lit.codePointAt(k)!;
          if (cp >= 0xd800 && cp <= 0xdfff) throw new Re2SyntaxError("invalid UTF-8", lit.slice(k));
          this.literal(cp);
          k += cp > 0xffff ? 2 : 1;
        }
        this.i = end < 0 ? s.length : end + 2;
        return;
      }
      case "p":
      case "P": {
        const item = this.unicodeClass(this.i);
        this.push({ t: "class", items: [item], negated: false, fold });
        return;
      }
    }
    const perl = next === undefined ? undefined : perlGroup(next);
    if (perl !== undefined) {
      this.push({ t: "class", items: [perl], negated: false, fold });
      this.i += 2;
      return;
    }
    const [cp, after] = parseEscape(this.src, this.i);
    this.literal(cp);
    this.i = after;
  }

  /** A `\pX`, `\p{Name}` or `\P…` at i; leaves this.i after it. */
  private unicodeClass(i: number): ClassItem {
    const s = this.src;
    let negated = s[i + 1] === "P";
    let seq: string;
    let name: string;
    let after: number;
    if (i + 2 >= s.length) {
      seq = s.slice(i, i + 2);
      name = "";
      after = i + 2;
    } else if (s[i + 2] !== "{") {
      const cp = this.cpAt(i + 2);
      after = i + 2 + (cp > 0xffff ? 2 : 1);
      seq = s.slice(i, after);
      name = seq.slice(2);
    } else {
      const end = s.indexOf("}", i);
      if (end < 0) throw new Re2SyntaxError("invalid character class range", s.slice(i));
      seq = s.slice(i, end + 1);
      name = s.slice(i + 3, end);
      after = end + 1;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.slice(1);
    }
    const g = unicodeGroup(name);
    if (g === undefined) throw new Re2SyntaxError("invalid character class range", seq);
    this.i = after;
    return { kind: "set", body: g.body, negated: negated !== g.negated };
  }

  private classChar(k: number, whole: number): [number, number] {
    const s = this.src;
    if (k >= s.length) throw new Re2SyntaxError("missing closing ]", s.slice(whole));
    if (s[k] === "\\") return parseEscape(this.src, k);
    const cp = this.cpAt(k);
    return [cp, k + (cp > 0xffff ? 2 : 1)];
  }

  private parseClass(): void {
    const s = this.src;
    const whole = this.i;
    let k = this.i + 1;
    let negated = false;
    if (s[k] === "^") {
      negated = true;
      k++;
    }
    const items: ClassItem[] = [];
    let first = true;
    // A `]` straight after `[` or `[^` is a literal, as in Go.
    while (k >= s.length || s[k] !== "]" || first) {
      first = false;
      if (s.length - k > 2 && s[k] === "[" && s[k + 1] === ":") {
        const end = s.indexOf(":]", k + 2);
        if (end >= 0) {
          const spelled = s.slice(k, end + 2);
          const g = posixGroup(spelled);
          if (g === undefined) throw new Re2SyntaxError("invalid character class range", spelled);
          items.push(g);
          k = end + 2;
          continue;
        }
      }
      if (s[k] === "\\" && (s[k + 1] === "p" || s[k + 1] === "P")) {
        items.push(this.unicodeClass(k));
        k = this.i;
        continue;
      }
      if (s[k] === "\\" && s[k + 1] !== undefined) {
        const perl = perlGroup(s[k + 1]!);
        if (perl !== undefined) {
          items.push(perl);
          k += 2;
          continue;
        }
      }
      const start = k;
      const [lo, afterLo] = this.classChar(k, whole);
      k = afterLo;
      let hi = lo;
      if (s.length - k >= 2 && s[k] === "-" && s[k + 1] !== "]") {
        [hi, k] = this.classChar(k + 1, whole);
        if (hi < lo) throw new Re2SyntaxError("invalid character class range", s.slice(start, k));
      }
      items.push({ kind: "range", lo, hi });
    }
    this.i = k + 1;
    this.push({ t: "class", items, negated, fold: (this.flags & FOLD) !== 0 });
  }
}

/** Parses Go regexp syntax; throws Re2SyntaxError with Go's message for what Go rejects. */
export function parseRe2(source: string): Re2Node {
  return new Parser(source).parse();
}
