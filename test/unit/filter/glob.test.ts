import { describe, expect, it } from "vitest";
import { FsError } from "../../../src/fs/errors.js";
import { globPathToRegexp, globStringToRegexp, globToDirGlobs } from "../../../src/filter/glob.js";

// [glob, Go regexp source, error substring] — rclone's glob_test.go vectors.
const PATH_VECTORS: [string, string, string][] = [
  [``, `(^|/)$`, ``],
  [`potato`, `(^|/)potato$`, ``],
  [`potato,sausage`, `(^|/)potato,sausage$`, ``],
  [`/potato`, `^potato$`, ``],
  [`potato?sausage`, `(^|/)potato[^/]sausage$`, ``],
  [`potat[oa]`, `(^|/)potat[oa]$`, ``],
  [`potat[a-z]or`, `(^|/)potat[a-z]or$`, ``],
  [`potat[[:alpha:]]or`, `(^|/)potat[[:alpha:]]or$`, ``],
  [`'.' '+' '(' ')' '|' '^' '$'`, `(^|/)'\\.' '\\+' '\\(' '\\)' '\\|' '\\^' '\\$'$`, ``],
  [`*.jpg`, `(^|/)[^/]*\\.jpg$`, ``],
  [`a{b,c,d}e`, `(^|/)a(b|c|d)e$`, ``],
  [`a{b,{c,d}}e`, `(^|/)a(b|(c|d))e$`, ``],
  [`{a,b/{c,d}/**}`, `(^|/)(a|b/(c|d)/.*)$`, ``],
  [`potato**`, `(^|/)potato.*$`, ``],
  [`potato**sausage`, `(^|/)potato.*sausage$`, ``],
  [`*.p[lm]`, `(^|/)[^/]*\\.p[lm]$`, ``],
  [`[\\[\\]]`, `(^|/)[\\[\\]]$`, ``],
  [`***potato`, ``, `too many stars`],
  [`***`, ``, `too many stars`],
  [`ab]c`, ``, `mismatched ']'`],
  [`ab[c`, ``, `mismatched '[' and ']'`],
  [`ab{x{cd`, ``, `mismatched '{' and '}'`],
  [`ab{}}cd`, ``, `mismatched '{' and '}'`],
  [`ab}c`, ``, `mismatched '{' and '}'`],
  [`ab{c`, ``, `mismatched '{' and '}'`],
  [`*.{jpg,png,gif}`, `(^|/)[^/]*\\.(jpg|png|gif)$`, ``],
  [`[a--b]`, ``, `bad glob pattern`],
  [`a\\*b`, `(^|/)a\\*b$`, ``],
  [`a\\\\b`, `(^|/)a\\\\b$`, ``],
  [`a{{.*}}b`, `(^|/)a(.*)b$`, ``],
  [`a{{.*}`, ``, `mismatched '{{' and '}}'`],
  [`{{regexp}}`, `(^|/)(regexp)$`, ``],
  [`\\{{{regexp}}`, `(^|/)\\{(regexp)$`, ``],
  [`/{{regexp}}`, `^(regexp)$`, ``],
  [`/{{\\d{8}}}`, `^(\\d{8})$`, ``],
  [`/{{\\}}}`, `^(\\})$`, ``],
  [`{{(?i)regexp}}`, `(^|/)((?i)regexp)$`, ``],
];

const STRING_VECTORS: [string, string, string][] = [
  [``, ``, ``],
  [`potato`, `potato`, ``],
  [`potato,sausage`, `potato,sausage`, ``],
  [`/potato`, `/potato`, ``],
  [`potato?sausage`, `potato.sausage`, ``],
  [`potat[oa]`, `potat[oa]`, ``],
  [`potat[a-z]or`, `potat[a-z]or`, ``],
  [`potat[[:alpha:]]or`, `potat[[:alpha:]]or`, ``],
  [`'.' '+' '(' ')' '|' '^' '$'`, `'\\.' '\\+' '\\(' '\\)' '\\|' '\\^' '\\$'`, ``],
  [`*.jpg`, `.*\\.jpg`, ``],
  [`a{b,c,d}e`, `a(b|c|d)e`, ``],
  [`a{b,{c,d}}e`, `a(b|(c|d))e`, ``],
  [`{a,{b,c},{d,{e,f}}}`, `(a|(b|c)|(d|(e|f)))`, ``],
  [`potato**`, ``, `too many stars`],
  [`potato**sausage`, ``, `too many stars`],
  [`*.p[lm]`, `.*\\.p[lm]`, ``],
  [`[\\[\\]]`, `[\\[\\]]`, ``],
  [`***potato`, ``, `too many stars`],
  [`***`, ``, `too many stars`],
  [`ab]c`, ``, `mismatched ']'`],
  [`ab[c`, ``, `mismatched '[' and ']'`],
  [`ab{x{cd`, ``, `mismatched '{' and '}'`],
  [`ab{}}cd`, ``, `mismatched '{' and '}'`],
  [`ab}c`, ``, `mismatched '{' and '}'`],
  [`ab{c`, ``, `mismatched '{' and '}'`],
  [`*.{jpg,png,gif}`, `.*\\.(jpg|png|gif)`, ``],
  [`[a--b]`, ``, `bad glob pattern`],
  [`a\\*b`, `a\\*b`, ``],
  [`a\\\\b`, `a\\\\b`, ``],
  [`a{{.*}}b`, `a(.*)b`, ``],
  [`a{{.*}`, ``, `mismatched '{{' and '}}'`],
  [`{{regexp}}`, `(regexp)`, ``],
  [`\\{{{regexp}}`, `\\{(regexp)`, ``],
  [`/{{regexp}}`, `/(regexp)`, ``],
  [`/{{\\d{8}}}`, `/(\\d{8})`, ``],
  [`/{{\\}}}`, `/(\\})`, ``],
  [`{{(?i)regexp}}`, `((?i)regexp)`, ``],
];

function expectUsage(fn: () => unknown, text: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(FsError);
  expect((caught as FsError).kind).toBe("usage");
  expect((caught as FsError).message).toContain(text);
}

describe("globPathToRegexp", () => {
  for (const [glob, want, err] of PATH_VECTORS) {
    for (const ignoreCase of [false, true]) {
      it(`${JSON.stringify(glob)} ignoreCase=${ignoreCase} → ${err ? "error " + err : want}`, () => {
        if (err) expectUsage(() => globPathToRegexp(glob, ignoreCase), err);
        else expect(globPathToRegexp(glob, ignoreCase).source).toBe((ignoreCase ? "(?i)" : "") + want);
      });
    }
  }

  it("quotes the glob and regexp the Go way in a bad glob pattern error", () => {
    expectUsage(() => globPathToRegexp("[a--b]", false), `bad glob pattern "[a--b]" (regexp "(^|/)[a--b]$"): error parsing regexp: invalid character class range: \`a--\``);
    expectUsage(() => globPathToRegexp("{{\\q}}", false), `bad glob pattern "{{\\\\q}}" (regexp "(^|/)(\\\\q)$"): error parsing regexp: invalid escape sequence: \`\\q\``);
    expectUsage(() => globPathToRegexp("a{b", false), `mismatched '{' and '}' in glob "a{b"`);
  });
});

describe("globStringToRegexp", () => {
  for (const [glob, want, err] of STRING_VECTORS) {
    for (const ignoreCase of [false, true]) {
      for (const anchors of [false, true]) {
        it(`${JSON.stringify(glob)} ignoreCase=${ignoreCase} anchors=${anchors}`, () => {
          if (err) expectUsage(() => globStringToRegexp(glob, anchors, ignoreCase), err);
          else {
            const prefix = (ignoreCase ? "(?i)" : "") + (anchors ? "^" : "");
            expect(globStringToRegexp(glob, anchors, ignoreCase).source).toBe(prefix + want + (anchors ? "$" : ""));
          }
        });
      }
    }
  }

  it("matches leniently without anchors and strictly with them", () => {
    expect(globStringToRegexp("sum", false, true).test("CheckSum")).toBe(true);
    expect(globStringToRegexp("sum", true, false).test("CheckSum")).toBe(false);
    expect(globStringToRegexp("*Sum", true, false).test("CheckSum")).toBe(true);
  });
});

// rclone's glob_test.go TestGlobToDirGlobs vectors.
const DIR_VECTORS: [string, string[]][] = [
  [`*`, ["/**"]],
  [`/*`, ["/"]],
  [`*.jpg`, ["/**"]],
  [`/*.jpg`, ["/"]],
  [`//*.jpg`, ["/"]],
  [`///*.jpg`, ["/"]],
  [`/a/*.jpg`, ["/a/", "/"]],
  [`/a//*.jpg`, ["/a/", "/"]],
  [`/a///*.jpg`, ["/a/", "/"]],
  [`/a/b/*.jpg`, ["/a/b/", "/a/", "/"]],
  [`a/*.jpg`, ["a/"]],
  [`a/b/*.jpg`, ["a/b/", "a/"]],
  [`*/*/*.jpg`, ["*/*/", "*/"]],
  [`a/b/`, ["a/b/", "a/"]],
  [`a/b`, ["a/"]],
  [`a/b/*.{jpg,png,gif}`, ["a/b/", "a/"]],
  [`/a/{jpg,png,gif}/*.{jpg,png,gif}`, ["/a/{jpg,png,gif}/", "/a/", "/"]],
  [`a/{b,{c,d}}/*.jpg`, ["/**"]],
  [`a/{a,a*b,a**c}/d/`, ["/**"]],
  [`/a/{a,a*b,a/c,d}/d/`, ["/**"]],
  [`/a/{{.*}}/d/`, ["/**"]],
  [`**`, ["**/"]],
  [`a**`, ["a**/"]],
  [`a**b`, ["a**/"]],
  [`a**b**c**d`, ["a**b**c**/", "a**b**/", "a**/"]],
  [`a**b/c**d`, ["a**b/c**/", "a**b/", "a**/"]],
  [`/A/a**b/B/c**d/C/`, ["/A/a**b/B/c**d/C/", "/A/a**b/B/c**d/", "/A/a**b/B/c**/", "/A/a**b/B/", "/A/a**b/", "/A/a**/", "/A/", "/"]],
  [`/var/spool/**/ncw`, ["/var/spool/**/", "/var/spool/", "/var/", "/"]],
  [`var/spool/**/ncw/`, ["var/spool/**/ncw/", "var/spool/**/", "var/spool/", "var/"]],
  ["/file1.jpg", [`/`]],
  ["/file2.png", [`/`]],
  ["/*.jpg", [`/`]],
  ["/*.png", [`/`]],
  ["/potato", [`/`]],
  ["/sausage1", [`/`]],
  ["/sausage2*", [`/`]],
  ["/sausage3**", [`/sausage3**/`, "/"]],
  ["/a/*.jpg", [`/a/`, "/"]],
];

describe("globToDirGlobs", () => {
  for (const [glob, want] of DIR_VECTORS) {
    it(`${glob} → ${want.join(" ")}`, () => {
      expect(() => globPathToRegexp(glob, false)).not.toThrow();
      expect(globToDirGlobs(glob)).toEqual(want);
    });
  }
});

// rclone's TestFilterMatchesFromDocs: include glob, then exclude everything else.
const DOC_VECTORS: [string, boolean, string, boolean][] = [
  ["file.jpg", true, "file.jpg", false],
  ["file.jpg", true, "directory/file.jpg", false],
  ["file.jpg", false, "afile.jpg", false],
  ["file.jpg", false, "directory/afile.jpg", false],
  ["/file.jpg", true, "file.jpg", false],
  ["/file.jpg", false, "afile.jpg", false],
  ["/file.jpg", false, "directory/file.jpg", false],
  ["*.jpg", true, "file.jpg", false],
  ["*.jpg", true, "directory/file.jpg", false],
  ["*.jpg", false, "file.jpg/anotherfile.png", false],
  ["dir/**", true, "dir/file.jpg", false],
  ["dir/**", true, "dir/dir1/dir2/file.jpg", false],
  ["dir/**", false, "directory/file.jpg", false],
  ["dir/**", false, "adir/file.jpg", false],
  ["l?ss", true, "less", false],
  ["l?ss", true, "lass", false],
  ["l?ss", false, "floss", false],
  ["h[ae]llo", true, "hello", false],
  ["h[ae]llo", true, "hallo", false],
  ["h[ae]llo", false, "hullo", false],
  ["{one,two}_potato", true, "one_potato", false],
  ["{one,two}_potato", true, "two_potato", false],
  ["{one,two}_potato", false, "three_potato", false],
  ["{one,two}_potato", false, "_potato", false],
  ["\\*.jpg", true, "*.jpg", false],
  ["\\\\.jpg", true, "\\.jpg", false],
  ["\\[one\\].jpg", true, "[one].jpg", false],
  ["potato", true, "potato", false],
  ["potato", false, "POTATO", false],
  ["potato", true, "potato", true],
  ["potato", true, "POTATO", true],
];

describe("glob matching (filtering docs examples)", () => {
  for (const [glob, included, file, ignoreCase] of DOC_VECTORS) {
    it(`${glob} ${included ? "matches" : "does not match"} ${file}${ignoreCase ? " ignoring case" : ""}`, () => {
      expect(globPathToRegexp(glob, ignoreCase).test(file)).toBe(included);
    });
  }

  it("keeps ? and * within one path segment, even for astral characters", () => {
    const re = globPathToRegexp("a?b", false);
    expect(re.test("a😀b")).toBe(true);
    expect(re.test("a/b")).toBe(false);
    expect(globPathToRegexp("*", false).test("x\ny")).toBe(true);
  });
});
