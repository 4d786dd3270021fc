import { describe, expect, it } from "vitest";
import { GoRegexp, Re2SyntaxError, Re2TranslateError } from "../../../src/filter/re2/tojs.js";

// [Go regexp, string, matches?] — behaviour as Go's regexp.MatchString gives it.
const MATCHES: [string, string, boolean][] = [
  // . is anything but \n (JS's . would also refuse \r and U+2028)
  ["^.$", "\r", true],
  ["^.$", "\u2028", true],
  ["^.$", "\n", false],
  ["(?s)^.$", "\n", true],
  ["^.$", "😀", true],
  // Go's \s is ASCII [\t\n\f\r ]: no \v, no Unicode spaces
  ["^\\s$", "\t", true],
  ["^\\s$", "\v", false],
  ["^\\s$", "\u00a0", false],
  ["^[[:space:]]$", "\v", true],
  ["^\\S$", "\u00a0", true],
  ["^\\w+$", "abc_09", true],
  ["^\\w$", "é", false],
  ["^\\d$", "٣", false],
  ["^\\D$", "٣", true],
  // POSIX classes, plain and negated
  ["^[[:alpha:]]+$", "abcXYZ", true],
  ["^[[:alpha:]]$", "é", false],
  ["^[[:^alpha:]]$", "é", true],
  ["^[[:^alpha:]]$", "a", false],
  ["^[[:punct:]]$", "!", true],
  ["^[[:xdigit:]]+$", "09afAF", true],
  ["^[[:xdigit:]]$", "g", false],
  ["^[[:word:][:digit:]-]+$", "a_1-2", true],
  // Unicode classes
  ["^\\pL+$", "héllo", true],
  ["^\\pL$", "1", false],
  ["^\\PL$", "1", true],
  ["^\\p{Greek}+$", "αβγ", true],
  ["^\\p{Greek}$", "a", false],
  ["^\\p{^Greek}$", "a", true],
  ["^\\P{^Greek}$", "α", true],
  ["^\\p{Lu}$", "A", true],
  ["^\\p{Lu}$", "a", false],
  ["^[\\p{Nd}x]+$", "12x", true],
  ["^\\pN$", "½", true],
  ["^\\p{Any}$", "\n", true],
  // Go's C category leaves out unassigned code points
  ["^\\pC$", "\u0378", false],
  ["^\\pC$", "\u0001", true],
  // escapes
  ["^\\x41\\x{1F600}$", "A😀", true],
  ["^\\101$", "A", true],
  ["^\\0$", "\0", true],
  ["^\\a\\f\\t\\n\\r\\v$", "\x07\f\t\n\r\v", true],
  ["^\\Q.*+\\E$", ".*+", true],
  ["^\\Q.*+$", ".*+$", true],
  ["^\\_\\-\\'\\\"$", "_-'\"", true],
  // literal braces where Go sees no repetition
  ["^a{,3}$", "a{,3}", true],
  ["^a{$", "a{", true],
  ["^a{01}$", "a{01}", true],
  ["^x}$", "x}", true],
  ["^]$", "]", true],
  // repetitions
  ["^a{2}$", "aa", true],
  ["^a{2}$", "aaa", false],
  ["^a{2,}$", "aaaa", true],
  ["^a{1,2}$", "aaa", false],
  ["^(ab)+$", "abab", true],
  ["^a*?b$", "aab", true],
  ["^(?U)a+$", "aaa", true],
  ["^x*$", "", true],
  // alternation and groups
  ["^(?:a|bc)d$", "bcd", true],
  ["^a|b$", "xb", true],
  ["^(?P<name>a)(?<n2>b)$", "ab", true],
  ["^()$", "", true],
  ["^(?)a$", "a", true],
  // classes
  ["^[]a]+$", "]a]", true],
  ["^[^]a]$", "b", true],
  ["^[^]a]$", "]", false],
  ["^[a-]+$", "a-", true],
  ["^[\\d-z]+$", "1-z", true],
  ["^[^\\n]$", "\n", false],
  ["^[^a]$", "\n", true],
  ["^[\\]\\[]+$", "][", true],
  // anchors: ^ and $ are text anchors unless (?m)
  ["^b$", "a\nb", false],
  ["(?m)^b$", "a\nb\nc", true],
  ["(?m)^b$", "a\rb", false],
  ["\\Ab\\z", "b", true],
  ["(?m)\\Ab\\z", "a\nb", false],
  ["^$", "", true],
  ["(^)*a", "a", true],
  // word boundaries are ASCII-only in Go
  ["\\bfoo\\b", "a foo b", true],
  ["\\bfoo\\b", "afoo", false],
  ["\\Bfoo", "afoo", true],
  ["é\\b", "é", false],
];

// Case folding, switched on and off mid-pattern.
const FOLDING: [string, string, boolean][] = [
  ["(?i)^potato$", "POTATO", true],
  ["^(?i)potato$", "PoTaTo", true],
  ["^a(?i)b$", "AB", false],
  ["^a(?i)b$", "aB", true],
  ["^(?i:a)b$", "AB", false],
  ["^(?i:a)b$", "Ab", true],
  ["^(?i)a(?-i)b$", "Ab", true],
  ["^(?i)a(?-i)b$", "AB", false],
  ["^((?i)a)b$", "AB", false],
  ["^[^/]*\\.((?i)jpg)$", "x.JpG", true],
  ["(?i)^k$", "\u212a", true],
  ["(?i)^s$", "\u017f", true],
  ["(?i)^ß$", "\u1e9e", true],
  ["(?i)^σ$", "ς", true],
  ["(?i)^i$", "ı", false],
  ["(?i)^[a-c]+$", "AbC", true],
  ["(?i)^[^a]$", "A", false],
  ["(?i)^[^a]$", "b", true],
  ["(?i)^\\p{Lu}$", "a", true],
  ["(?i)^\\P{Lu}$", "a", false],
  ["(?i)^\\P{Lu}$", "1", true],
  ["(?i)^[[:upper:]]$", "x", true],
  ["(?i)^\\w$", "\u212a", true],
  ["(?i)^\\W$", "\u212a", false],
  ["(?i)^[[:^lower:]]$", "A", false],
  ["(?i)^\\d$", "1", true],
  ["(?i)^\\x{212A}$", "k", true],
  ["(?i)k\\b", "\u212a", false],
];

describe("Go regexp translated to JavaScript", () => {
  for (const [re, s, want] of [...MATCHES, ...FOLDING]) {
    it(`${re} ${want ? "matches" : "does not match"} ${JSON.stringify(s)}`, () => {
      expect(GoRegexp.compile(re).test(s)).toBe(want);
    });
  }

  it("keeps the Go source for display", () => {
    const re = GoRegexp.compile("(?i)(^|/)[^/]*\\.jpg$");
    expect(re.source).toBe("(?i)(^|/)[^/]*\\.jpg$");
    expect(String(re)).toBe(re.source);
    expect(re.js.flags).toBe("v");
  });

  it("is stateless between tests", () => {
    const re = GoRegexp.compile("a");
    expect([re.test("a"), re.test("a"), re.test("a")]).toEqual([true, true, true]);
  });
});

// [Go regexp, Go's error message] for what Go's regexp.Compile refuses.
const ERRORS: [string, string][] = [
  ["[a--b]", "invalid character class range: `a--`"],
  ["[z-a]", "invalid character class range: `z-a`"],
  ["\\q", "invalid escape sequence: `\\q`"],
  ["\\8", "invalid escape sequence: `\\8`"],
  ["\\1", "invalid escape sequence: `\\1`"],
  ["\\C", "invalid escape sequence: `\\C`"],
  ["[\\b]", "invalid escape sequence: `\\b`"],
  ["\\x{110000}", "invalid escape sequence: `\\x{110000`"],
  ["\\xZ1", "invalid escape sequence: `\\xZ1`"],
  ["\\x{}", "invalid escape sequence: `\\x{}`"],
  ["a\\", "trailing backslash at end of expression: ``"],
  ["a**", "invalid nested repetition operator: `**`"],
  ["a*??", "invalid nested repetition operator: `*??`"],
  ["a{2}{3}", "invalid nested repetition operator: `{2}{3}`"],
  ["*a", "missing argument to repetition operator: `*`"],
  ["a|*", "missing argument to repetition operator: `*`"],
  ["(+)", "missing argument to repetition operator: `+`"],
  ["x{1001}", "invalid repeat count: `{1001}`"],
  ["x{2,1}", "invalid repeat count: `{2,1}`"],
  ["x{100000000}", "invalid repeat count: `{100000000}`"],
  ["(a{100}){100}", "invalid repeat count: `{100}`"],
  ["(a", "missing closing ): `(a`"],
  ["a)", "unexpected ): `a)`"],
  ["[a", "missing closing ]: `[a`"],
  ["[]", "missing closing ]: `[]`"],
  ["(?=a)", "invalid or unsupported Perl syntax: `(?=`"],
  ["(?!a)", "invalid or unsupported Perl syntax: `(?!`"],
  ["(?i", "invalid or unsupported Perl syntax: `(?i`"],
  ["(?-)", "invalid or unsupported Perl syntax: `(?-)`"],
  ["(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"],
  ["(?i--s)", "invalid or unsupported Perl syntax: `(?i--`"],
  ["(?<=a)", "invalid named capture: `(?<=a)`"],
  ["(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"],
  ["(?P<x", "invalid named capture: `(?P<x`"],
  ["\\pX", "invalid character class range: `\\pX`"],
  ["\\p{Nope}", "invalid character class range: `\\p{Nope}`"],
  ["\\p{L", "invalid character class range: `\\p{L`"],
  ["[[:nope:]]", "invalid character class range: `[:nope:]`"],
];

describe("Go regexp syntax errors", () => {
  for (const [re, msg] of ERRORS) {
    it(`${re} → ${msg}`, () => {
      let caught: unknown;
      try {
        GoRegexp.compile(re);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(Re2SyntaxError);
      expect((caught as Error).message).toBe(`error parsing regexp: ${msg}`);
    });
  }

  it("rejects invalid UTF-8 (escaped raw bytes) as Go does", () => {
    expect(() => GoRegexp.compile("a\udc80")).toThrow(Re2SyntaxError);
    expect(() => GoRegexp.compile("a\udc80")).toThrow("invalid UTF-8");
  });

  it("has a distinct error for what cannot be expressed in JavaScript", () => {
    const err = new Re2TranslateError("too big");
    expect(err.message).toBe("can't translate to a JavaScript regular expression: too big");
    expect(err).not.toBeInstanceOf(Re2SyntaxError);
  });
});
