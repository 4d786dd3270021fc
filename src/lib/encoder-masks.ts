/**
 * Encoder masks: rclone's MultiEncoder flag bits, the named masks backends
 * use, and the text form of masks that `--xxx-encoding` flags and config
 * files hold ("Slash,Dot", "None", "0x2000002").
 */

import { FsError } from "../fs/errors.js";

/** Encoder flag bits, as rclone's MultiEncoder. */
export const Enc = {
  Zero: 0,
  Raw: 1 << 0,
  Slash: 1 << 1,
  LtGt: 1 << 2,
  DoubleQuote: 1 << 3,
  SingleQuote: 1 << 4,
  BackQuote: 1 << 5,
  Dollar: 1 << 6,
  Colon: 1 << 7,
  Question: 1 << 8,
  Asterisk: 1 << 9,
  Pipe: 1 << 10,
  Hash: 1 << 11,
  Percent: 1 << 12,
  BackSlash: 1 << 13,
  CrLf: 1 << 14,
  Del: 1 << 15,
  Ctl: 1 << 16,
  LeftSpace: 1 << 17,
  LeftPeriod: 1 << 18,
  LeftTilde: 1 << 19,
  LeftCrLfHtVt: 1 << 20,
  RightSpace: 1 << 21,
  RightPeriod: 1 << 22,
  RightCrLfHtVt: 1 << 23,
  InvalidUtf8: 1 << 24,
  Dot: 1 << 25,
  SquareBracket: 1 << 26,
  Semicolon: 1 << 27,
  Exclamation: 1 << 28,
} as const;

/** The core's own encoding: NUL, `/`, control characters, DEL and the names `.`/`..`. */
export const ENCODE_STANDARD = Enc.Zero | Enc.Slash | Enc.Ctl | Enc.Del | Enc.Dot;
/** The minimum any backend needs: NUL, `/` and the names `.`/`..`. */
export const ENCODE_BASE = Enc.Zero | Enc.Slash | Enc.Dot;
/** The encoding rclone uses for names in log and display output. */
export const ENCODE_DISPLAY = ENCODE_STANDARD;
/** The characters Windows forbids in names: `:?"*<>|`. */
export const ENCODE_WIN = Enc.Colon | Enc.Question | Enc.DoubleQuote | Enc.Asterisk | Enc.LtGt | Enc.Pipe;
/** `#` and `%`, which many HTTP services mangle. */
export const ENCODE_HASH_PERCENT = Enc.Hash | Enc.Percent;
/** The local backend's default on Linux and the BSDs. */
export const ENCODE_OS_LINUX = ENCODE_BASE;
/** The local backend's default on macOS. */
export const ENCODE_OS_DARWIN = ENCODE_BASE | Enc.InvalidUtf8;
/** The local backend's default on Windows. */
export const ENCODE_OS_WINDOWS =
  ENCODE_BASE | ENCODE_WIN | Enc.BackSlash | Enc.Ctl | Enc.RightSpace | Enc.RightPeriod | Enc.InvalidUtf8;


/**
 * Names accepted by parseEncoding, in rclone's registration order. The first
 * name registered for a mask is the one formatEncoding prints.
 */
const ALIASES: ReadonlyArray<readonly [string, number]> = [
  ["Raw", Enc.Raw],
  ["None", Enc.Zero],
  ["Slash", Enc.Slash],
  ["LtGt", Enc.LtGt],
  ["SquareBracket", Enc.SquareBracket],
  ["Semicolon", Enc.Semicolon],
  ["Exclamation", Enc.Exclamation],
  ["DoubleQuote", Enc.DoubleQuote],
  ["SingleQuote", Enc.SingleQuote],
  ["BackQuote", Enc.BackQuote],
  ["Dollar", Enc.Dollar],
  ["Colon", Enc.Colon],
  ["Question", Enc.Question],
  ["Asterisk", Enc.Asterisk],
  ["Pipe", Enc.Pipe],
  ["Hash", Enc.Hash],
  ["Percent", Enc.Percent],
  ["BackSlash", Enc.BackSlash],
  ["CrLf", Enc.CrLf],
  ["Del", Enc.Del],
  ["Ctl", Enc.Ctl],
  ["LeftSpace", Enc.LeftSpace],
  ["LeftPeriod", Enc.LeftPeriod],
  ["LeftTilde", Enc.LeftTilde],
  ["LeftCrLfHtVt", Enc.LeftCrLfHtVt],
  ["RightSpace", Enc.RightSpace],
  ["RightPeriod", Enc.RightPeriod],
  ["RightCrLfHtVt", Enc.RightCrLfHtVt],
  ["InvalidUtf8", Enc.InvalidUtf8],
  ["Dot", Enc.Dot],
];

const NAME_TO_MASK = new Map<string, number>(ALIASES);
const MASK_TO_NAME = new Map<number, string>();
for (const [name, mask] of ALIASES) if (!MASK_TO_NAME.has(mask)) MASK_TO_NAME.set(mask, name);

/** All names parseEncoding accepts, sorted, comma-separated (rclone's ValidStrings). */
export function encodingNames(): string {
  return [...NAME_TO_MASK.keys()].sort().join(", ");
}

/**
 * Parses an unsigned integer the way Go's strconv.ParseUint(s, 0, 64) does:
 * decimal, 0x/0o/0b prefixes, a bare leading 0 for octal, and `_` between
 * digits. Returns undefined on any syntax or range error.
 */
function parseGoUint(s: string): bigint | undefined {
  if (s === "") return undefined;
  let base = 10;
  let digits = s;
  let prefixed = false;
  if (s[0] === "0" && s.length > 1) {
    const p = s[1]!.toLowerCase();
    if (s.length >= 3 && (p === "x" || p === "o" || p === "b")) {
      base = p === "x" ? 16 : p === "o" ? 8 : 2;
      digits = s.slice(2);
      prefixed = true;
    } else {
      base = 8;
      digits = s.slice(1);
    }
  }
  // Underscores may only separate digits (or follow a base prefix).
  let saw = prefixed ? "0" : "^";
  if (s.length > 1 && s[0] === "0" && !prefixed) saw = "0";
  let value = 0n;
  const big = BigInt(base);
  for (const ch of digits) {
    if (ch === "_") {
      if (saw !== "0") return undefined;
      saw = "_";
      continue;
    }
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    value = value * big + BigInt(d);
    saw = "0";
  }
  if (saw === "_") return undefined;
  if (value > 0xffffffffffffffffn) return undefined;
  return value;
}

function badEncoding(part: string): FsError {
  return new FsError("usage", `bad encoding ${JSON.stringify(part)}: possible values are: ${encodingNames()}`);
}

/**
 * Parses an encoding as rclone's `--xxx-encoding` flags do: comma-separated
 * flag names ("Slash,Dot"), aliases ("None", "Raw") and numbers ("0x2000002"),
 * OR-ed together. Throws a usage FsError for an empty or unknown part.
 */
export function parseEncoding(s: string): number {
  let out = 0n;
  for (const raw of s.split(",")) {
    const part = raw.trim();
    const named = NAME_TO_MASK.get(part);
    if (named !== undefined) {
      out |= BigInt(named);
      continue;
    }
    const n = parseGoUint(part);
    if (n === undefined) throw badEncoding(part);
    out |= n;
  }
  // Masks are JS numbers; bits above 2^53 cannot be carried.
  if (out > BigInt(Number.MAX_SAFE_INTEGER)) throw badEncoding(s.trim());
  return Number(out);
}

/**
 * Formats a mask as rclone prints it: the alias if the mask is exactly one,
 * else the names of its bits from low to high joined by "," (unknown bits as
 * "0x80000000").
 */
export function formatEncoding(mask: number): string {
  const alias = MASK_TO_NAME.get(mask);
  if (alias !== undefined) return alias;
  const out: string[] = [];
  let m = BigInt(mask);
  for (let bit = 1n; m !== 0n; bit <<= 1n) {
    if ((m & bit) === 0n) continue;
    m &= ~bit;
    const name = bit <= 0x40000000n ? MASK_TO_NAME.get(Number(bit)) : undefined;
    out.push(name ?? `0x${bit.toString(16).toUpperCase()}`);
  }
  return out.join(",");
}
