/**
 * File name encodings, compatible with rclone's lib/encoder.
 *
 * Every backend has an `encoding` mask naming the characters its service
 * cannot store. Encoding swaps each such character for a look-alike (mostly
 * the FULLWIDTH form, or a SYMBOL FOR … control picture) and marks literal
 * look-alikes already present in a name with the quote rune `‛`, so the
 * mapping stays reversible. The core works on names in the Standard
 * encoding; backends convert at their boundary with
 * {@link Encoder.toStandardName} / {@link Encoder.fromStandardName}.
 *
 * Names follow src/fs/names.ts: bytes that are not valid UTF-8 are lone
 * surrogates U+DC80..U+DCFF, one per byte.
 */

import { decodeName, encodeName } from "../fs/names.js";
import { Enc, ENCODE_STANDARD } from "./encoder-masks.js";

export {
  Enc,
  ENCODE_BASE,
  ENCODE_DISPLAY,
  ENCODE_HASH_PERCENT,
  ENCODE_OS_DARWIN,
  ENCODE_OS_LINUX,
  ENCODE_OS_WINDOWS,
  ENCODE_STANDARD,
  ENCODE_WIN,
  encodingNames,
  formatEncoding,
  parseEncoding,
} from "./encoder-masks.js";

/** The rune that marks a literal look-alike (U+201B SINGLE HIGH-REVERSED-9 QUOTATION MARK). */
export const QUOTE_RUNE = "\u201b";

const QUOTE = 0x201b;
const SYM_NUL = 0x2400; // SYMBOL FOR NULL; control c is shown as SYM_NUL + c
const FULL_OFFSET = 0xfee0; // printable ASCII c has its FULLWIDTH form at c + FULL_OFFSET
const SYM_SPACE = 0x2420;
const SYM_DEL = 0x2421;
const FULL_STOP = 0xff0e;
const FULL_TILDE = 0xff5e;

/** Per-mask lookup tables, built once per distinct mask. */
interface Tables {
  /** Raw code unit → its encoded form (look-alikes map to quote + themselves). */
  enc: Map<number, string>;
  /** Encoded look-alike → raw character. */
  dec: Map<number, string>;
  /**
   * Per UTF-16 code unit: ENC_SPECIAL if encode may change it, DEC_SPECIAL
   * if decode may. Scanning with this is several times faster than a
   * RegExp, and nearly every name has nothing to change.
   */
  special: Uint8Array;
}

const ENC_SPECIAL = 1;
const DEC_SPECIAL = 2;

/** Index of the first code unit carrying the bit, or -1. */
function firstSpecial(s: string, special: Uint8Array, bit: number): number {
  for (let i = 0; i < s.length; i++) if (special[s.charCodeAt(i)]! & bit) return i;
  return -1;
}

/** The raw characters each single-character flag replaces with FULLWIDTH forms. */
const FULLWIDTH_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [Enc.Slash, "/"],
  [Enc.LtGt, "<>"],
  [Enc.DoubleQuote, '"'],
  [Enc.SingleQuote, "'"],
  [Enc.BackQuote, "`"],
  [Enc.Dollar, "$"],
  [Enc.Colon, ":"],
  [Enc.Question, "?"],
  [Enc.Asterisk, "*"],
  [Enc.Pipe, "|"],
  [Enc.Hash, "#"],
  [Enc.Percent, "%"],
  [Enc.BackSlash, "\\"],
  [Enc.SquareBracket, "[]"],
  [Enc.Semicolon, ";"],
  [Enc.Exclamation, "!"],
];

const tableCache = new Map<number, Tables>();

function tablesFor(mask: number): Tables {
  const cached = tableCache.get(mask);
  if (cached) return cached;
  const enc = new Map<number, string>();
  const dec = new Map<number, string>();
  const quote = String.fromCharCode(QUOTE);
  const pair = (raw: number, look: number): void => {
    enc.set(raw, String.fromCharCode(look));
    enc.set(look, quote + String.fromCharCode(look));
    dec.set(look, String.fromCharCode(raw));
  };
  for (const [flag, chars] of FULLWIDTH_FLAGS) {
    if ((mask & flag) === 0) continue;
    for (const ch of chars) pair(ch.charCodeAt(0), ch.charCodeAt(0) + FULL_OFFSET);
  }
  if (mask & Enc.CrLf) {
    pair(0x0d, SYM_NUL + 0x0d);
    pair(0x0a, SYM_NUL + 0x0a);
  }
  if (mask & Enc.Del) pair(0x7f, SYM_DEL);
  if (mask & Enc.Ctl) for (let c = 1; c <= 0x1f; c++) pair(c, SYM_NUL + c);
  // NUL and the quote rune itself are handled whatever the mask.
  enc.set(0, String.fromCharCode(SYM_NUL));
  enc.set(SYM_NUL, quote + String.fromCharCode(SYM_NUL));
  enc.set(QUOTE, quote + quote);
  const special = new Uint8Array(0x10000);
  for (const c of enc.keys()) special[c]! |= ENC_SPECIAL;
  // Escaped bytes; the low halves of some astral pairs match too, which the slow path sorts out.
  if (mask & Enc.InvalidUtf8) for (let c = 0xdc80; c <= 0xdcff; c++) special[c]! |= ENC_SPECIAL;
  for (const c of [...dec.keys(), SYM_NUL, QUOTE]) special[c]! |= DEC_SPECIAL;
  const t: Tables = { enc, dec, special };
  tableCache.set(mask, t);
  return t;
}

const HEX = "0123456789ABCDEF";

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** True for the control pictures of TAB, LF, VT and CR. */
function isSymCrLfHtVt(c: number): boolean {
  return c === SYM_NUL + 9 || c === SYM_NUL + 10 || c === SYM_NUL + 11 || c === SYM_NUL + 13;
}

function isCrLfHtVt(c: number): boolean {
  return c === 9 || c === 10 || c === 11 || c === 13;
}

/** Encodes and decodes names with one mask. */
export class Encoder {
  private readonly t: Tables;

  constructor(readonly mask: number) {
    this.t = tablesFor(mask);
  }

  /** A real name → the backend's form. Returns the very same string when nothing changes. */
  encode(name: string): string {
    const m = this.mask;
    if (m === Enc.Raw || name === "") return name;
    if (m & Enc.Dot) {
      switch (name) {
        case ".":
          return "\uff0e";
        case "..":
          return "\uff0e\uff0e";
        case "\uff0e":
          return "\u201b\uff0e";
        case "\uff0e\uff0e":
          return "\u201b\uff0e\u201b\uff0e";
      }
    }
    let s = name;
    let prefix = "";
    const first = s.charCodeAt(0);
    if (m & Enc.LeftSpace) {
      if (first === 0x20) prefix = "\u2420";
      else if (first === SYM_SPACE) prefix = "\u201b\u2420";
    }
    if (prefix === "" && m & Enc.LeftPeriod) {
      if (first === 0x2e) prefix = "\uff0e";
      else if (first === FULL_STOP) prefix = "\u201b\uff0e";
    }
    if (prefix === "" && m & Enc.LeftTilde) {
      if (first === 0x7e) prefix = "\uff5e";
      else if (first === FULL_TILDE) prefix = "\u201b\uff5e";
    }
    if (prefix === "" && m & Enc.LeftCrLfHtVt) {
      if (isCrLfHtVt(first)) prefix = String.fromCharCode(SYM_NUL + first);
      else if (isSymCrLfHtVt(first)) prefix = QUOTE_RUNE + s[0]!;
    }
    if (prefix !== "") s = s.slice(1);

    let suffix = "";
    if (s !== "") {
      const last = s.charCodeAt(s.length - 1);
      if (m & Enc.RightSpace) {
        if (last === 0x20) suffix = "\u2420";
        else if (last === SYM_SPACE) suffix = "\u201b\u2420";
      }
      if (suffix === "" && m & Enc.RightPeriod) {
        if (last === 0x2e) suffix = "\uff0e";
        else if (last === FULL_STOP) suffix = "\u201b\uff0e";
      }
      if (suffix === "" && m & Enc.RightCrLfHtVt) {
        if (isCrLfHtVt(last)) suffix = String.fromCharCode(SYM_NUL + last);
        else if (isSymCrLfHtVt(last)) suffix = QUOTE_RUNE + s[s.length - 1]!;
      }
      if (suffix !== "") s = s.slice(0, -1);
    }

    let index = 0;
    if (prefix === "" && suffix === "") {
      index = firstSpecial(s, this.t.special, ENC_SPECIAL);
      if (index < 0) return name;
    }
    return prefix + this.encodeFrom(s, index) + suffix;
  }

  /** The character-by-character part of encode, from the first candidate on. */
  private encodeFrom(s: string, index: number): string {
    const enc = this.t.enc;
    const invalidUtf8 = (this.mask & Enc.InvalidUtf8) !== 0;
    let out = "";
    let start = 0;
    const n = s.length;
    for (let i = index; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++; // an astral character: never replaced
        continue;
      }
      let rep: string | undefined;
      if (c >= 0xdc80 && c <= 0xdcff) {
        if (!invalidUtf8) continue;
        const b = c - 0xdc00;
        rep = QUOTE_RUNE + HEX[b >> 4]! + HEX[b & 15]!;
      } else {
        rep = enc.get(c);
        if (rep === undefined) continue;
      }
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
    return start === 0 ? s : out + s.slice(start);
  }

  /** The backend's form → the real name. Returns the very same string when nothing changes. */
  decode(name: string): string {
    const m = this.mask;
    if (m === Enc.Raw) return name;
    if (m & Enc.Dot) {
      switch (name) {
        case "\uff0e":
          return ".";
        case "\uff0e\uff0e":
          return "..";
        case "\u201b\uff0e":
          return "\uff0e";
        case "\u201b\uff0e\u201b\uff0e":
          return "\uff0e\uff0e";
      }
    }
    let s = name;
    let prefix = "";
    const r0 = s.charCodeAt(0);
    if (m & Enc.LeftSpace && r0 === SYM_SPACE) prefix = " ";
    else if (m & Enc.LeftPeriod && r0 === FULL_STOP) prefix = ".";
    else if (m & Enc.LeftTilde && r0 === FULL_TILDE) prefix = "~";
    else if (m & Enc.LeftCrLfHtVt && isSymCrLfHtVt(r0)) prefix = String.fromCharCode(r0 - SYM_NUL);
    else if (r0 === QUOTE) {
      const r1 = s.charCodeAt(1);
      if (
        (m & Enc.LeftSpace && r1 === SYM_SPACE) ||
        (m & Enc.LeftPeriod && r1 === FULL_STOP) ||
        (m & Enc.LeftTilde && r1 === FULL_TILDE) ||
        (m & Enc.LeftCrLfHtVt && isSymCrLfHtVt(r1))
      ) {
        prefix = s[1]!;
        s = s.slice(1); // the look-alike itself is dropped below with the quote
      }
    }
    if (prefix !== "") s = s.slice(1);

    let suffix = "";
    const rl = s.charCodeAt(s.length - 1);
    let plain = "";
    if (m & Enc.RightSpace && rl === SYM_SPACE) plain = " ";
    else if (m & Enc.RightPeriod && rl === FULL_STOP) plain = ".";
    else if (m & Enc.RightCrLfHtVt && isSymCrLfHtVt(rl)) plain = String.fromCharCode(rl - SYM_NUL);
    if (plain !== "") {
      const look = s[s.length - 1]!;
      s = s.slice(0, -1);
      if (s.charCodeAt(s.length - 1) === QUOTE) {
        suffix = look;
        s = s.slice(0, -1);
      } else {
        suffix = plain;
      }
    }

    let index = 0;
    if (prefix === "" && suffix === "") {
      index = firstSpecial(s, this.t.special, DEC_SPECIAL);
      if (index < 0) return name;
    }
    return prefix + this.decodeFrom(s, index) + suffix;
  }

  /** The character-by-character part of decode, from the first candidate on. */
  private decodeFrom(s: string, index: number): string {
    const dec = this.t.dec;
    const invalidUtf8 = (this.mask & Enc.InvalidUtf8) !== 0;
    let out = s.slice(0, index);
    let unquoteNext = false;
    let rawBytes = false;
    const n = s.length;
    for (let i = index; i < n; i++) {
      const unquote = unquoteNext;
      unquoteNext = false;
      const c = s.charCodeAt(i);
      if (c === SYM_NUL) {
        out += unquote ? "\u2400" : "\0";
        continue;
      }
      if (c === QUOTE) {
        if (unquote) out += QUOTE_RUNE;
        else unquoteNext = true;
        continue;
      }
      const raw = dec.get(c);
      if (raw !== undefined) {
        out += unquote ? s[i]! : raw;
        continue;
      }
      if (unquote) {
        if (invalidUtf8) {
          const hi = hexValue(c);
          const lo = i + 1 < n ? hexValue(s.charCodeAt(i + 1)) : -1;
          if (hi >= 0 && lo >= 0) {
            const b = hi * 16 + lo;
            if (b >= 0x80) rawBytes = true;
            out += String.fromCharCode(b >= 0x80 ? 0xdc00 + b : b);
            i++;
            continue;
          }
        }
        out += QUOTE_RUNE;
      }
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          out += s.slice(i, i + 2);
          i++;
          continue;
        }
      }
      out += s[i]!;
    }
    if (unquoteNext) out += QUOTE_RUNE;
    // Unquoted bytes may complete each other (‛C3‛A9 is "é"): re-derive the
    // canonical form from the bytes, as a Go string would simply hold them.
    return rawBytes ? decodeName(encodeName(out)) : out;
  }

  /** Standard (core) name → backend name: this.encode(Standard.decode(s)). */
  fromStandardName(s: string): string {
    if (this.mask === ENCODE_STANDARD) return s;
    return this.encode(STANDARD.decode(s));
  }

  /** Backend name → Standard (core) name: Standard.encode(this.decode(s)). */
  toStandardName(s: string): string {
    if (this.mask === ENCODE_STANDARD) return s;
    return STANDARD.encode(this.decode(s));
  }

  /** As fromStandardName, per `/`-separated segment; the same string if no segment changes. */
  fromStandardPath(s: string): string {
    if (this.mask === ENCODE_STANDARD || PLAIN_PATH.test(s)) return s;
    return mapSegments(s, (p) => this.fromStandardName(p));
  }

  /** As toStandardName, per `/`-separated segment; the same string if no segment changes. */
  toStandardPath(s: string): string {
    if (this.mask === ENCODE_STANDARD || PLAIN_PATH.test(s)) return s;
    return mapSegments(s, (p) => this.toStandardName(p));
  }
}

/**
 * Paths that no encoding changes: segments of letters, digits, `_` and `-`,
 * with single dots only between them (no flag touches those characters, and
 * no segment can be `.`/`..` or start or end with a dot). Most paths are like
 * this, and the test is far cheaper than splitting and encoding them.
 */
const PLAIN_PATH = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*(?:\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)*$/;

function mapSegments(s: string, f: (segment: string) => string): string {
  const parts = s.split("/");
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const q = f(p);
    if (q !== p) {
      parts[i] = q;
      changed = true;
    }
  }
  return changed ? parts.join("/") : s;
}

/** The Standard encoder, shared. */
export const STANDARD: Encoder = new Encoder(ENCODE_STANDARD);

const encoderCache = new Map<number, Encoder>();

/** An encoder for a mask, shared per mask (encoders are immutable). */
export function encoderFor(mask: number): Encoder {
  let e = encoderCache.get(mask);
  if (!e) {
    e = mask === ENCODE_STANDARD ? STANDARD : new Encoder(mask);
    encoderCache.set(mask, e);
  }
  return e;
}
