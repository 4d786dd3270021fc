/**
 * Small pieces of Go string semantics that rclone's config formats depend
 * on. JavaScript's own versions differ at the edges (String.prototype.trim
 * strips U+FEFF but not U+0085; default sort compares UTF-16 code units),
 * and those edges decide how a hand-edited rclone.conf reads.
 */

// unicode.IsSpace: Latin-1 spaces plus the Unicode White_Space Z categories.
const GO_SPACE =
  "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

/** Go's strings.TrimSpace: trims the characters unicode.IsSpace reports. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.includes(s[start]!)) start++;
  while (end > start && GO_SPACE.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** Go's strings.Trim(s, cutset): strips any run of cutset characters from both ends. */
export function goTrim(s: string, cutset: string): string {
  return goTrimRight(goTrimLeft(s, cutset), cutset);
}

/** Go's strings.TrimLeft(s, cutset). */
export function goTrimLeft(s: string, cutset: string): string {
  let i = 0;
  while (i < s.length && cutset.includes(s[i]!)) i++;
  return s.slice(i);
}

/** Go's strings.TrimRight(s, cutset). */
export function goTrimRight(s: string, cutset: string): string {
  let i = s.length;
  while (i > 0 && cutset.includes(s[i - 1]!)) i--;
  return s.slice(0, i);
}

/**
 * Go's string ordering (byte-wise over UTF-8), which is what Go's sort and
 * its JSON map-key ordering use. Differs from JS `<` for characters above
 * U+FFFF versus U+E000–U+FFFF.
 */
export function goCompare(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Go's len(s): the UTF-8 byte length. */
export function goLen(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Pads to a width counted in code points, as Go's fmt `%-*s` does. */
export function goPadEnd(s: string, width: number): string {
  const n = [...s].length;
  return n >= width ? s : s + " ".repeat(width - n);
}

/** True if the string holds a lone surrogate (would not be valid UTF-8). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udfff]/u.test(s);
}
