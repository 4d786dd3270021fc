/**
 * The named character sets of Go's RE2 syntax (Perl `\d`, POSIX
 * `[:alpha:]`, Unicode `\pL` / `\p{Greek}`) as bodies of JavaScript `v`-mode
 * character classes. Go's Perl and POSIX classes are ASCII-only, unlike
 * JavaScript's `\s`, so they are spelled out as ranges here.
 */

/** One member of a character class, before case folding is applied. */
export type ClassItem =
  | { readonly kind: "range"; readonly lo: number; readonly hi: number }
  /** body: the positive set as JS class contents; negated: the item means its complement. */
  | { readonly kind: "set"; readonly body: string; readonly negated: boolean };

/** A code point as it may appear anywhere in a JS `v`-mode pattern. */
export function escapeCodePoint(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
    return String.fromCharCode(cp);
  }
  // \u{…} is valid in and out of classes in v mode, for every code point.
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

function rangesBody(ranges: readonly (readonly [number, number])[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? escapeCodePoint(lo) : `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}`)).join("");
}

type Ranges = readonly (readonly [number, number])[];

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// Go's \s is [\t\n\f\r ] (no \v), and [:space:] adds \v.
const PERL_SPACE: Ranges = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];

const PERL: Record<string, Ranges> = { d: DIGIT, s: PERL_SPACE, w: WORD };

const POSIX: Record<string, Ranges> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** `\d \D \s \S \w \W` by letter, or undefined. */
export function perlGroup(letter: string): ClassItem | undefined {
  const r = PERL[letter.toLowerCase()];
  if (r === undefined) return undefined;
  return { kind: "set", body: rangesBody(r), negated: letter !== letter.toLowerCase() };
}

/** A POSIX class written `[:name:]` or `[:^name:]`, or undefined if the name is unknown. */
export function posixGroup(spelled: string): ClassItem | undefined {
  const m = /^\[:(\^?)([a-z]+):\]$/.exec(spelled);
  if (!m) return undefined;
  const r = POSIX[m[2]!];
  if (r === undefined) return undefined;
  return { kind: "set", body: rangesBody(r), negated: m[1] === "^" };
}

const CATEGORIES = new Set(
  "C Cc Cf Co Cs Cn L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);

// Long General_Category names (newer Go accepts them too), keyed by the
// spelling canonicalName produces.
const CATEGORY_ALIASES: Record<string, string> = {
  Other: "C", Control: "Cc", Cntrl: "Cc", Format: "Cf", Unassigned: "Cn", Privateuse: "Co", Surrogate: "Cs",
  Letter: "L", Casedletter: "LC", Lowercaseletter: "Ll", Modifierletter: "Lm", Otherletter: "Lo",
  Titlecaseletter: "Lt", Uppercaseletter: "Lu", Mark: "M", Combiningmark: "M", Spacingmark: "Mc",
  Enclosingmark: "Me", Nonspacingmark: "Mn", Number: "N", Decimalnumber: "Nd", Digit: "Nd", Letternumber: "Nl",
  Othernumber: "No", Punctuation: "P", Punct: "P", Connectorpunctuation: "Pc", Dashpunctuation: "Pd",
  Closepunctuation: "Pe", Finalpunctuation: "Pf", Initialpunctuation: "Pi", Otherpunctuation: "Po",
  Openpunctuation: "Ps", Symbol: "S", Currencysymbol: "Sc", Modifiersymbol: "Sk", Mathsymbol: "Sm",
  Othersymbol: "So", Separator: "Z", Lineseparator: "Zl", Paragraphseparator: "Zp", Spaceseparator: "Zs",
};

/** Go's canonical spelling of a Unicode class name: "Xxxx", with `_`, `-` and spaces removed. */
function canonicalName(name: string): string {
  let out = "";
  let first = true;
  for (const c of name) {
    if (c === "_" || c === "-" || c === " ") continue;
    if (first) {
      out += c >= "a" && c <= "z" ? c.toUpperCase() : c;
      first = false;
    } else {
      out += c >= "A" && c <= "Z" ? c.toLowerCase() : c;
    }
  }
  return out;
}

function categoryBody(cat: string): string {
  // Go's C is Cc|Cf|Co|Cs: unlike Unicode's (and JS's) C it leaves out unassigned code points.
  if (cat === "C") return "\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}";
  return `\\p{${cat}}`;
}

function jsAccepts(body: string): boolean {
  try {
    new RegExp(`[${body}]`, "v");
    return true;
  } catch {
    return false;
  }
}

/**
 * The set a Unicode class name stands for in Go (`L`, `Greek`, `Any`…), as a
 * JS class body and whether it is meant inverted; undefined if unknown.
 */
export function unicodeGroup(name: string): { body: string; negated: boolean } | undefined {
  const canon = canonicalName(name);
  switch (canon) {
    case "Any":
      return { body: "\\u{0}-\\u{10FFFF}", negated: false };
    case "Assigned":
      return { body: "\\p{Cn}", negated: true };
    case "Ascii":
      return { body: "\\u{0}-\\u{7F}", negated: false };
    case "Lc":
      return { body: "\\p{LC}", negated: false };
  }
  if (CATEGORIES.has(canon)) return { body: categoryBody(canon), negated: false };
  for (const script of new Set([name, canon])) {
    if (/^[A-Za-z_]+$/.test(script)) {
      const body = `\\p{Script=${script}}`;
      if (jsAccepts(body)) return { body, negated: false };
    }
  }
  const alias = CATEGORY_ALIASES[canon];
  if (alias !== undefined) return { body: alias === "LC" ? "\\p{LC}" : categoryBody(alias), negated: false };
  return undefined;
}
