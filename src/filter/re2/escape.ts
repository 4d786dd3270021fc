/**
 * Go regexp escapes (`\x41`, `\101`, `\n`, `\.`…) and the syntax error
 * type, shared by the parser.
 */

/** Go's regexp/syntax error: "error parsing regexp: <code>: `<expr>`". */
export class Re2SyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = "Re2SyntaxError";
  }
}

/** The code point at i; Go refuses invalid UTF-8, which for us is a lone surrogate (an escaped raw byte). */
export function codePointAt(s: string, i: number): number {
  const c = s.codePointAt(i)!;
  if (c >= 0xd800 && c <= 0xdfff) throw new Re2SyntaxError("invalid UTF-8", s.slice(i));
  return c;
}

const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isOctal = (s: string | undefined): boolean => s !== undefined && s >= "0" && s <= "7";

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** A single-character escape at i (i is the backslash): [code point, index after]. */
export function parseEscape(s: string, i: number): [number, number] {
  if (i + 1 >= s.length) throw new Re2SyntaxError("trailing backslash at end of expression", "");
  const c = codePointAt(s, i + 1);
  let k = i + 1 + (c > 0xffff ? 2 : 1);
  const bad = (): Re2SyntaxError => new Re2SyntaxError("invalid escape sequence", s.slice(i, k));
  if (c < 0x80 && !isAlnum(c)) return [c, k];
  const ch = String.fromCodePoint(c);
  if ((ch >= "1" && ch <= "7" && isOctal(s[k])) || ch === "0") {
    // Up to three octal digits; a lone \1..\7 would be a backreference, which RE2 lacks.
    let r = c - 0x30;
    for (let n = 1; n < 3 && isOctal(s[k]); n++) r = r * 8 + (s.charCodeAt(k++) - 0x30);
    return [r, k];
  }
  switch (ch) {
    case "x": {
      if (k >= s.length) throw bad();
      const c2 = codePointAt(s, k);
      k += c2 > 0xffff ? 2 : 1;
      if (c2 === 0x7b) {
        let r = 0;
        let digits = 0;
        for (;;) {
          if (k >= s.length) throw bad();
          const c3 = codePointAt(s, k);
          k += c3 > 0xffff ? 2 : 1;
          if (c3 === 0x7d) break;
          const v = unhex(c3);
          if (v < 0) throw bad();
          r = r * 16 + v;
          if (r > 0x10ffff) throw bad();
          digits++;
        }
        if (digits === 0) throw bad();
        return [r, k];
      }
      let c3 = -1;
      if (k < s.length) {
        c3 = codePointAt(s, k);
        k += c3 > 0xffff ? 2 : 1;
      }
      const x = unhex(c2);
      const y = unhex(c3);
      if (x < 0 || y < 0) throw bad();
      return [x * 16 + y, k];
    }
    case "a":
      return [0x07, k];
    case "f":
      return [0x0c, k];
    case "n":
      return [0x0a, k];
    case "r":
      return [0x0d, k];
    case "t":
      return [0x09, k];
    case "v":
      return [0x0b, k];
  }
  throw bad();
}

