/**
 * Go's time formatting and parsing with reference layouts
 * ("2006-01-02 15:04:05.000000000", "Z07:00", "MST", …), on bigint
 * nanoseconds since the Unix epoch. rclone's lsl, lsjson, lsf and logs all
 * print through Go's Time.Format, so byte-compatible output needs the same
 * layout language and the same view of the local zone (see gozone.ts).
 */

import { LONG_DAYS, LONG_MONTHS, nextChunk, type Chunk, type Std } from "./gotime-layout.js";
import { civilFromDays, localLocation, UTC } from "./gozone.js";

export { parseGoTime } from "./gotime-parse.js";

/** Go's predefined layouts (time.RFC3339 and friends). */
export const GoLayout = {
  Layout: "01/02 03:04:05PM '06 -0700",
  ANSIC: "Mon Jan _2 15:04:05 2006",
  UnixDate: "Mon Jan _2 15:04:05 MST 2006",
  RubyDate: "Mon Jan 02 15:04:05 -0700 2006",
  RFC822: "02 Jan 06 15:04 MST",
  RFC822Z: "02 Jan 06 15:04 -0700",
  RFC850: "Monday, 02-Jan-06 15:04:05 MST",
  RFC1123: "Mon, 02 Jan 2006 15:04:05 MST",
  RFC1123Z: "Mon, 02 Jan 2006 15:04:05 -0700",
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00",
  Kitchen: "3:04PM",
  Stamp: "Jan _2 15:04:05",
  StampMilli: "Jan _2 15:04:05.000",
  StampMicro: "Jan _2 15:04:05.000000",
  StampNano: "Jan _2 15:04:05.000000000",
  DateTime: "2006-01-02 15:04:05",
  DateOnly: "2006-01-02",
  TimeOnly: "15:04:05",
} as const;

/**
 * A user's `--time-format` value → a Go layout: the names of Go's layouts
 * plus rclone's own "MacFriendlyTime"/"mac" and "YYYYMMDD"; anything else is
 * already a layout (rclone's lib/transform TimeFormat).
 */
export function resolveTimeFormat(format: string): string {
  if (Object.hasOwn(GoLayout, format)) return GoLayout[format as keyof typeof GoLayout];
  switch (format) {
    case "MacFriendlyTime":
    case "macfriendlytime":
    case "mac":
      return "2006-01-02 0304PM";
    case "YYYYMMDD":
      return "20060102";
  }
  return format;
}

/** Fraction digits for a precision: ≤1ns → 9, ≤10ns → 8, … ≤100ms → 1, else 0. */
function precisionDigits(precisionNs: bigint): number {
  let limit = 1n;
  for (let digits = 9; digits >= 1; digits--, limit *= 10n) if (precisionNs <= limit) return digits;
  return 0;
}

/** The layout lsjson uses for ModTime at a remote's precision (RFC3339 with as many fraction digits as it keeps). */
export function lsjsonTimeLayout(precisionNs: bigint): string {
  const d = precisionDigits(precisionNs);
  return d === 0 ? GoLayout.RFC3339 : `2006-01-02T15:04:05.${"0".repeat(d)}Z07:00`;
}

/** The layout `lsf --time-format max` uses at a remote's precision. */
export function lsfTimeLayout(precisionNs: bigint): string {
  const d = precisionDigits(precisionNs);
  return d === 0 ? GoLayout.DateTime : `2006-01-02 15:04:05.${"0".repeat(d)}`;
}

// ---------------------------------------------------------------------------
// Formatting.


/** Decimal with zero padding to width; negative numbers get "-" before the padding, as Go's appendInt. */
function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? "-" + s : s;
}

function fraction(nsec: number, digits: number, sep: string, trim: boolean): string {
  if (trim && (digits === 0 || nsec === 0)) return "";
  let f = String(nsec).padStart(9, "0");
  if (digits < 9) f = f.slice(0, digits);
  if (trim) f = f.replace(/0+$/, "");
  return f === "" && trim ? "" : sep + f;
}

function zoneText(std: Std, offset: number): string {
  if (offset === 0 && std[0] === "Z") return "Z";
  const abs = Math.abs(offset);
  const mins = Math.floor(abs / 60);
  let out = (offset < 0 ? "-" : "+") + pad(Math.floor(mins / 60), 2);
  const colon = std.includes(":");
  if (std !== "-07" && std !== "Z07") out += (colon ? ":" : "") + pad(mins % 60, 2);
  if (std.endsWith("0000") || std.endsWith(":00:00")) out += (colon ? ":" : "") + pad(abs % 60, 2);
  return out;
}

const NS_PER_SEC = 1_000_000_000n;

/** Splits nanoseconds into whole seconds (floored) and the nanosecond remainder. */
function splitNs(t: bigint): [number, number] {
  let sec = t / NS_PER_SEC;
  let ns = t - sec * NS_PER_SEC;
  if (ns < 0n) {
    sec -= 1n;
    ns += NS_PER_SEC;
  }
  return [Number(sec), Number(ns)];
}

const compiled = new Map<string, Chunk[]>();

/** A layout split into chunks, memoised: listings format every entry with the same layout. */
function compile(layout: string): Chunk[] {
  let chunks = compiled.get(layout);
  if (chunks === undefined) {
    chunks = [];
    for (let rest = layout; rest !== ""; ) {
      const ch = nextChunk(rest);
      chunks.push(ch);
      if (ch.std === undefined) break;
      rest = ch.rest;
    }
    if (compiled.size >= 256) compiled.clear(); // user-supplied layouts: keep the memo bounded
    compiled.set(layout, chunks);
  }
  return chunks;
}

/**
 * Formats a time (ns since the epoch) with a Go layout, in Go's Local zone
 * (honouring $TZ as Go does) or in UTC with `opts.utc`.
 */
export function formatGoTime(t: bigint, layout: string, opts: { utc?: boolean } = {}): string {
  const [sec, nsec] = splitNs(t);
  const zone = (opts.utc ? UTC : localLocation()).lookup(sec);
  const local = sec + zone.offset;
  const days = Math.floor(local / 86400);
  const secOfDay = local - days * 86400;
  const hour = Math.floor(secOfDay / 3600);
  const min = Math.floor(secOfDay / 60) % 60;
  const s = secOfDay % 60;
  const date = civilFromDays(days);
  let out = "";
  for (const ch of compile(layout)) {
    out += ch.prefix;
    if (ch.std === undefined) break;
    switch (ch.std) {
      case "06":
        out += pad(Math.abs(date.year) % 100, 2);
        break;
      case "2006":
        out += pad(date.year, 4);
        break;
      case "Jan":
        out += LONG_MONTHS[date.month - 1]!.slice(0, 3);
        break;
      case "January":
        out += LONG_MONTHS[date.month - 1]!;
        break;
      case "1":
        out += String(date.month);
        break;
      case "01":
        out += pad(date.month, 2);
        break;
      case "Mon":
        out += LONG_DAYS[date.weekday]!.slice(0, 3);
        break;
      case "Monday":
        out += LONG_DAYS[date.weekday]!;
        break;
      case "2":
        out += String(date.day);
        break;
      case "_2":
        out += (date.day < 10 ? " " : "") + String(date.day);
        break;
      case "02":
        out += pad(date.day, 2);
        break;
      case "__2":
        out += String(date.yday).padStart(3, " ");
        break;
      case "002":
        out += pad(date.yday, 3);
        break;
      case "15":
        out += pad(hour, 2);
        break;
      case "3":
        out += String(hour % 12 === 0 ? 12 : hour % 12);
        break;
      case "03":
        out += pad(hour % 12 === 0 ? 12 : hour % 12, 2);
        break;
      case "4":
        out += String(min);
        break;
      case "04":
        out += pad(min, 2);
        break;
      case "5":
        out += String(s);
        break;
      case "05":
        out += pad(s, 2);
        break;
      case "PM":
        out += hour >= 12 ? "PM" : "AM";
        break;
      case "pm":
        out += hour >= 12 ? "pm" : "am";
        break;
      case "MST":
        out += zone.name !== "" ? zone.name : zoneText("-0700", zone.offset);
        break;
      case "frac0":
      case "frac9":
        out += fraction(nsec, ch.digits!, ch.sep!, ch.std === "frac9");
        break;
      default:
        out += zoneText(ch.std, zone.offset);
    }
  }
  return out;
}
