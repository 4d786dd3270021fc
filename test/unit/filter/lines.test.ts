import { describe, expect, it } from "vitest";
import { readEntries, splitEntries, trimSpace } from "../../../src/filter/lines.js";
import { memIO } from "./helpers.js";

const TEXT = "; comment\none\n# another comment\n\n\ntwo\n # indented comment\nthree  \nfour    \nfive\n  six  ";

describe("reading --*-from files (filter_test.go forEachLine)", () => {
  it("trims lines and skips blanks and # or ; comments", async () => {
    expect(await readEntries("f", false, false, memIO({ f: TEXT }))).toEqual(["one", "two", "three", "four", "five", "six"]);
  });

  it("reads - from stdin", async () => {
    expect(await readEntries("-", false, false, memIO({}, TEXT))).toEqual(["one", "two", "three", "four", "five", "six"]);
  });

  it("keeps every line verbatim when raw", async () => {
    expect((await readEntries("-", true, false, memIO({}, TEXT))).join(",")).toBe(
      "; comment,one,# another comment,,,two, # indented comment,three  ,four    ,five,  six  ",
    );
  });

  it("splits on NUL, keeping newlines, a last record without NUL, and empty records", () => {
    expect(splitEntries("one\0two\nthree\0four\0five\0", true, true)).toEqual(["one", "two\nthree", "four", "five"]);
    expect(splitEntries("one\0two\0three", true, true)).toEqual(["one", "two", "three"]);
    expect(splitEntries("one\0\0two\0", true, true)).toEqual(["one", "", "two"]);
  });

  it("drops the \\r of CRLF line ends, even raw", () => {
    expect(splitEntries("a\r\nb\r\n", true, false)).toEqual(["a", "b"]);
    expect(splitEntries("a\r\nb", false, false)).toEqual(["a", "b"]);
  });

  it("trims Go's white space set (NEL yes, BOM no)", () => {
    expect(trimSpace("\u0085 a\u3000")).toBe("a");
    expect(trimSpace("\ufeffa")).toBe("\ufeffa");
  });
});
