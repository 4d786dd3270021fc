/**
 * Go's `%q` (strconv.Quote), so that filter error messages read exactly as
 * rclone's do. Names are JS strings in which bytes of invalid UTF-8 are lone
 * surrogates U+DC80..U+DCFF (see fs/names.ts); Go shows those bytes as \xNN.
 */

// Made on first use: a Unicode-property class takes about a millisecond to build.
let printable: RegExp | undefined;
const isPrintable = (ch: string): boolean => (printable ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u).test(ch);

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** Quotes s the way Go's strconv.Quote does. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      // An escaped raw byte: Go sees an invalid UTF-8 byte here.
      out += "\\x" + hex(cp - 0xdc00, 2);
    } else if (isPrintable(ch)) {
      out += ch;
    } else if (cp < 0x80) {
      out += "\\x" + hex(cp, 2);
    } else if (cp < 0x10000) {
      out += "\\u" + hex(cp, 4);
    } else {
      out += "\\U" + hex(cp, 8);
    }
  }
  return out + '"';
}
