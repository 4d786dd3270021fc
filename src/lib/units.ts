/**
 * rclone's value types as flags and options spell them: SizeSuffix (binary
 * sizes, bare number = KiB), CountSuffix (decimal counts), Duration (Go
 * durations plus d/w/M/y suffixes, bare number = seconds, or a date), Go's
 * ParseBool, and Go's time.Duration formatting.
 */

const KIBI = 1024;
const BIN_UNITS = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
const DEC_UNITS = ["", "k", "M", "G", "T", "P", "E"] as const;

/** Go's %.3f, or %.0f when the value is whole. */
function scaledString(x: number, base: number, units: readonly string[]): [string, string] {
  if (x < 0) return ["off", ""];
  if (x === 0) return ["0", ""];
  let i = 0;
  let scaled = x;
  while (i < units.length - 1 && x >= Math.pow(base, i + 1)) i++;
  scaled = x / Math.pow(base, i);
  const val = Math.floor(scaled) === scaled ? scaled.toFixed(0) : scaled.toFixed(3);
  return [val, units[i]!];
}

/** SizeSuffix.String(): "0", "102", "1Ki", "10.100Gi", "off". */
export function formatSize(n: number): string {
  const [v, s] = scaledString(n, KIBI, BIN_UNITS);
  return v + s;
}

function sizeUnit(n: number, unit: string): string {
  const [v, s] = scaledString(n, KIBI, BIN_UNITS);
  return v === "off" ? v : `${v} ${s}${unit}`;
}

/** SizeSuffix.ByteUnit(): "0 B", "102 B", "1 KiB", "10.100 GiB". */
export const formatSizeBytes = (n: number): string => sizeUnit(n, "B");
/** SizeSuffix.ByteRateUnit(): "1 KiB/s". */
export const formatSizeByteRate = (n: number): string => sizeUnit(n, "B/s");
/** SizeSuffix.BitRateUnit(): "1 Kibit/s". */
export const formatSizeBitRate = (n: number): string => sizeUnit(n, "bit/s");
/** SizeSuffix.BitUnit(). */
export const formatSizeBits = (n: number): string => sizeUnit(n, "bit");

/** CountSuffix.String(): "1k", "1M", "10.100G", "off". */
export function formatCount(n: number): string {
  const [v, s] = scaledString(n, 1000, DEC_UNITS);
  return v + s;
}

/** CountSuffix.Unit(u). */
export function formatCountUnit(n: number, unit: string): string {
  const [v, s] = scaledString(n, 1000, DEC_UNITS);
  return v === "off" ? v : `${v} ${s}${unit}`;
}

function multiplier(c: string, base: number): number | undefined {
  const i = "kmgtpe".indexOf(c.toLowerCase());
  return i < 0 ? undefined : Math.pow(base, i + 1);
}

/** Go's strconv.ParseFloat, strictly (no trailing junk, no empty string). */
function parseGoFloat(s: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !/^[+-]?(inf|infinity|nan)$/i.test(s)) {
    throw new Error(`strconv.ParseFloat: parsing "${s}": invalid syntax`);
  }
  return Number(s.replace(/^([+-]?)inf(inity)?$/i, "$1Infinity"));
}

/** Parses a SizeSuffix: bare number = KiB, `b`/`B` = bytes, k/M/G/T/P/E (+ `i`, `iB`) binary; "off" = -1. */
export function parseSize(s: string): number {
  if (s.length === 0) throw new Error("empty string");
  if (s.toLowerCase() === "off") return -1;
  let suffix = s[s.length - 1]!;
  let suffixLen = 1;
  let mult: number | undefined;
  if (/[0-9.]/.test(suffix)) {
    suffixLen = 0;
    mult = KIBI;
  } else if (suffix === "b" || suffix === "B") {
    if (s.length > 2 && s[s.length - 2] === "i") {
      suffix = s[s.length - 3]!;
      suffixLen = 3;
      mult = multiplier(suffix, KIBI);
      if (mult === undefined) throw new Error(`bad suffix '${suffix}'`);
    } else {
      mult = 1;
    }
  } else if (suffix === "i" || suffix === "I") {
    if (s.length > 1) {
      suffix = s[s.length - 2]!;
      suffixLen = 2;
      mult = multiplier(suffix, KIBI);
    }
    if (mult === undefined) throw new Error(`bad suffix '${suffix}'`);
  } else {
    mult = multiplier(suffix, KIBI);
    if (mult === undefined) throw new Error(`bad suffix '${suffix}'`);
  }
  const num = s.slice(0, s.length - suffixLen);
  const value = parseGoFloat(num);
  if (value < 0) throw new Error(`size can't be negative "${num}"`);
  return Math.trunc(value * mult);
}

/** Parses a CountSuffix: decimal multipliers (k, M, G…), `b` = ×1, a bare number is in thousands (rclone's rule); "off" = -1. */
export function parseCount(s: string): number {
  if (s.length === 0) throw new Error("empty string");
  if (s.toLowerCase() === "off") return -1;
  const last = s[s.length - 1]!;
  let suffixLen = 1;
  let mult: number | undefined;
  if (/[0-9.]/.test(last)) {
    suffixLen = 0;
    mult = 1000; // as rclone: a bare number is in thousands
  } else if (last === "b" || last === "B") {
    mult = 1;
    if (s.length > 1) {
      const m = multiplier(s[s.length - 2]!, 1000);
      if (m !== undefined) {
        mult = m;
        suffixLen = 2;
      }
    }
  } else {
    mult = multiplier(last, 1000);
    if (mult === undefined) throw new Error(`bad suffix '${last}'`);
  }
  const num = s.slice(0, s.length - suffixLen);
  const value = parseGoFloat(num);
  if (value < 0) throw new Error(`count can't be negative "${num}"`);
  return Math.trunc(value * mult);
}

/** Go's strconv.ParseBool. */
export function parseBool(s: string): boolean {
  switch (s) {
    case "1":
    case "t":
    case "T":
    case "TRUE":
    case "true":
    case "True":
      return true;
    case "0":
    case "f":
    case "F":
    case "FALSE":
    case "false":
    case "False":
      return false;
    default:
      throw new Error(`strconv.ParseBool: parsing "${s}": invalid syntax`);
  }
}

// ---- durations (bigint nanoseconds) ----

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const S = 1000n * MS;
const MIN = 60n * S;
const H = 60n * MIN;
const DAY = 24n * H;

/** rclone's DurationOff: the largest int64. */
export const DURATION_OFF = (1n << 63n) - 1n;

const GO_UNITS: Record<string, bigint> = {
  ns: NS,
  us: US,
  "µs": US,
  "μs": US,
  ms: MS,
  s: S,
  m: MIN,
  h: H,
};

/** Go's time.ParseDuration ("1h30m", "500ms", "2.5s", "-1m", "0"). */
export function parseGoDuration(str: string): bigint {
  const orig = str;
  const bad = (): Error => new Error(`time: invalid duration "${orig}"`);
  let s = str;
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw bad();
  let total = 0n;
  while (s !== "") {
    const m = /^(\d*)(\.(\d*))?/.exec(s);
    if (!m || (m[1] === "" && (m[3] ?? "") === "")) throw bad();
    s = s.slice(m[0].length);
    const u = /^[^0-9.]+/.exec(s);
    if (!u) throw new Error(`time: missing unit in duration "${orig}"`);
    const unit = GO_UNITS[u[0]];
    if (unit === undefined) throw new Error(`time: unknown unit "${u[0]}" in duration "${orig}"`);
    s = s.slice(u[0].length);
    const whole = BigInt(m[1] || "0") * unit;
    let frac = 0n;
    const fd = m[3] ?? "";
    if (fd !== "") {
      // round-free: fraction × unit / 10^len
      frac = (BigInt(fd) * unit) / 10n ** BigInt(fd.length);
    }
    total += whole + frac;
  }
  return neg ? -total : total;
}

function fmtFrac(v: bigint, unit: bigint, digits: number): string {
  // v / unit with up to `digits` fractional digits, trailing zeros trimmed.
  const w = v / unit;
  let f = (v % unit).toString().padStart(digits, "0").replace(/0+$/, "");
  return f === "" ? w.toString() : `${w}.${f}`;
}

/** Go's time.Duration.String(): "1h30m0s", "1.5s", "500ms", "0s". */
export function formatGoDuration(d: bigint): string {
  if (d === 0n) return "0s";
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < S) {
    if (u < US) out = `${u}ns`;
    else if (u < MS) out = fmtFrac(u, US, 3) + "µs";
    else out = fmtFrac(u, MS, 6) + "ms";
  } else {
    const h = u / H;
    u -= h * H;
    const m = u / MIN;
    u -= m * MIN;
    const sec = fmtFrac(u, S, 9) + "s";
    out = h > 0n ? `${h}h${m}m${sec}` : m > 0n ? `${m}m${sec}` : sec;
  }
  return neg ? "-" + out : out;
}

const AGE_SUFFIXES: [string, bigint][] = [
  ["d", DAY],
  ["w", 7n * DAY],
  ["M", 30n * DAY],
  ["y", 365n * DAY],
  ["", S],
];

function parseDurationSuffixes(age: string): bigint {
  for (const [suffix, mult] of AGE_SUFFIXES) {
    if (age.endsWith(suffix)) {
      const n = parseGoFloat(age.slice(0, age.length - suffix.length));
      return BigInt(Math.trunc(n * Number(mult)));
    }
  }
  throw new Error(`invalid duration "${age}"`);
}

/** Parses the date forms rclone accepts for durations, in local time (RFC 3339 may carry its own zone). */
export function parseDurationDate(s: string): Date | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (m) return new Date(s);
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?$/.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se] = m;
    return new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0));
  }
  return undefined;
}

/**
 * rclone's fs.ParseDuration: "off" (DURATION_OFF), a Go duration, a number
 * with d/w/M/y or no suffix (seconds), or a date (the time since it).
 */
export function parseDuration(s: string, now: () => Date = () => new Date()): bigint {
  if (s === "off") return DURATION_OFF;
  try {
    return parseGoDuration(s);
  } catch {
    // fall through
  }
  try {
    return parseDurationSuffixes(s);
  } catch {
    // fall through
  }
  const d = parseDurationDate(s);
  if (d && !Number.isNaN(d.getTime())) return BigInt(now().getTime() - d.getTime()) * MS;
  throw new Error(`parsing time "${s}" as "2006-01-02": cannot parse "${s}" as "2006"`);
}

/** rclone's fs.Duration.String(): the largest of y/M/w/d that fits ("1.5d"), else Go style. */
export function formatDuration(d: bigint): string {
  if (d === DURATION_OFF) return "off";
  const abs = d < 0n ? -d : d;
  for (let i = AGE_SUFFIXES.length - 2; i >= 0; i--) {
    const [suffix, mult] = AGE_SUFFIXES[i]!;
    if (abs >= mult) {
      return String(Number(d) / Number(mult)) + suffix;
    }
  }
  return formatGoDuration(d);
}
