/**
 * Names as JavaScript strings, byte-exact.
 *
 * rclone's names are Go strings: byte strings that are usually, but not
 * always, valid UTF-8 (a local file may be named with any bytes). We carry
 * them as JS strings in which every byte of an invalid UTF-8 sequence is a
 * lone low surrogate U+DC80..U+DCFF (Python's "surrogateescape"). Valid text
 * is ordinary text; decodeName(encodeName(s)) and encodeName(decodeName(b))
 * both round-trip exactly.
 */

const ESCAPE_BASE = 0xdc00;

/** True if s may hold escaped bytes or astral characters (any surrogate). */
export function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

function isAscii(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i]! >= 0x80) return false;
  return true;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 if invalid. */
function utf8SeqLen(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const n = b.length;
  const cont = (j: number): boolean => j < n && (b[j]! & 0xc0) === 0x80;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // UTF-16 surrogates are not valid UTF-8
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

/** True if the bytes are valid UTF-8. */
export function isValidUtf8(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; ) {
    const n = utf8SeqLen(buf, i);
    if (n === 0) return false;
    i += n;
  }
  return true;
}

/** Bytes (e.g. a file name from readdir with encoding "buffer") to a name string. */
export function decodeName(buf: Uint8Array): string {
  if (isAscii(buf)) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("latin1");
  if (isValidUtf8(buf)) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("utf8");
  let out = "";
  let start = 0;
  for (let i = 0; i < buf.length; ) {
    const n = utf8SeqLen(buf, i);
    if (n === 0) {
      if (start < i) out += Buffer.from(buf.subarray(start, i)).toString("utf8");
      out += String.fromCharCode(ESCAPE_BASE + buf[i]!);
      i++;
      start = i;
    } else {
      i += n;
    }
  }
  if (start < buf.length) out += Buffer.from(buf.subarray(start)).toString("utf8");
  return out;
}

/** A name string back to its exact bytes. */
export function encodeName(s: string): Buffer {
  if (!hasSurrogates(s)) return Buffer.from(s, "utf8");
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++; // a proper pair: ordinary text
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      if (start < i) parts.push(Buffer.from(s.slice(start, i), "utf8"));
      parts.push(Buffer.of(c - ESCAPE_BASE));
      start = i + 1;
    }
  }
  if (start < s.length) parts.push(Buffer.from(s.slice(start), "utf8"));
  return Buffer.concat(parts);
}

/** True if the name holds bytes that are not valid UTF-8. */
export function hasInvalidUtf8(s: string): boolean {
  if (!hasSurrogates(s)) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** The name with escaped bytes shown as U+FFFD, for JSON output (as Go's encoder does). */
export function toValidUtf8(s: string): string {
  if (!hasInvalidUtf8(s)) return s;
  return encodeName(s).toString("utf8");
}

/**
 * Compares names by their UTF-8 bytes, as Go compares strings. JS's own `<`
 * compares UTF-16 code units, which orders astral characters (and our
 * escaped bytes) differently; the fast path covers all other text.
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  if (ca < 0xd800 && cb > 0xdfff) return ca - cb;
  if (ca > 0xdfff && cb < 0xd800) return ca - cb;
  if (ca > 0xdfff && cb > 0xdfff) return ca - cb;
  // Back up to the start of a surrogate pair that the common prefix split.
  const prev = i > 0 ? a.charCodeAt(i - 1) : 0;
  if (prev >= 0xd800 && prev <= 0xdbff) i--;
  return Buffer.compare(encodeName(a.slice(i)), encodeName(b.slice(i)));
}

const ordered = new WeakSet<object>();

/**
 * Marks a listing its backend vouches for: every entry directly inside the
 * listed directory, in compareNames order of their names. The listing code
 * (listDirSorted) then neither checks nor sorts it.
 */
export function markOrdered<T extends object>(listing: T): T {
  ordered.add(listing);
  return listing;
}

/** True for a listing marked with markOrdered. */
export function isOrdered(listing: object): boolean {
  return ordered.has(listing);
}
