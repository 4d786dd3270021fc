import { describe, expect, it } from "vitest";
import { goQuote } from "../../../src/lib/goquote.js";

// Expected values are what Go's strconv.Quote prints for the same strings.
describe("goQuote", () => {
  it.each([
    ["plain", '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ["\x07\b\f\n\r\t\v", '"\\a\\b\\f\\n\\r\\t\\v"'],
    ["\x00\x1f\x7f", '"\\x00\\x1f\\x7f"'],
    ["café ☺ 😀", '"café ☺ 😀"'],
    ["no\u00a0break", '"no\\u00a0break"'],
    ["zero\u200bwidth", '"zero\\u200bwidth"'],
    ["tag\u{e0001}", '"tag\\U000e0001"'],
  ])("quotes %j as Go does", (input, want) => {
    expect(goQuote(input)).toBe(want);
  });

  it("shows the escaped bytes of invalid UTF-8 as \\xNN", () => {
    expect(goQuote("bad\udcff\udc80.txt")).toBe('"bad\\xff\\x80.txt"');
  });
});
