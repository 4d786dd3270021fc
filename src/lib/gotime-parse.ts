/**
 * Go's time.Parse / time.ParseInLocation(…, Local) on reference layouts,
 * returning bigint nanoseconds since the Unix epoch. Error messages are
 * Go's, since rclone prints them (e.g. for `touch -t` and `--max-age`).
 */

import { FsError } from "../fs/errors.js";
import { isDigitAt, LONG_DAYS, LONG_MONTHS, nextChunk, type Std } from "./gotime-layout.js";
import { daysFromCivil, daysIn, isLeap, localLocation, type GoLocation } from "./gozone.js";

const NS_PER_SEC = 1_000_000_000n;

/** Go's quoting of values in time parse errors. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, "utf8")) out += "\\x" + b.toString(16).padStart(2, "0");
    } else {
      out += ch === '"' || ch === "\\" ? "\\" + ch : ch;
    }
  }
  return out + '"';
}

class BadField extends Error {}

/** Reads 1-2 digits (exactly 2 if fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new BadField();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new BadField();
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) throw new BadField();
  return [n, s.slice(i)];
}

/** Matches a name from a table, ignoring ASCII case. */
function lookupName(table: string[], value: string): [number, string] {
  for (let i = 0; i < table.length; i++) {
    const v = table[i]!;
    if (value.length >= v.length && value.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      return [i, value.slice(v.length)];
    }
  }
  throw new BadField();
}

/** Removes a literal layout prefix from the value; runs of spaces match runs of spaces. */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") throw new BadField();
      prefix = prefix.replace(/^ +/, "");
      value = value.replace(/^ +/, "");
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new BadField();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseNanos(value: string, nbytes: number): number {
  if (value[0] !== "." && value[0] !== ",") throw new BadField();
  const digits = value.slice(1, Math.min(nbytes, 10));
  if (!/^[0-9]+$/.test(digits)) throw new BadField();
  return Number(digits) * 10 ** (9 - digits.length);
}

/** Length of a zone abbreviation at the start of value (Go's parseTimeZone), 0 if none. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  const signed = (v: string): number => {
    const m = /^[+-]([0-9]+)/.exec(v);
    return m && Number(m[1]) <= 23 ? m[0].length : 0;
  };
  if (value.startsWith("GMT")) return value.length === 3 ? 3 : 3 + signed(value.slice(3));
  if (value[0] === "+" || value[0] === "-") return signed(value);
  let n = 0;
  while (n < 6 && n < value.length && value[n]! >= "A" && value[n]! <= "Z") n++;
  if (n === 3) return 3;
  if (n === 4 && (value[3] === "T" || value.startsWith("WITA"))) return 4;
  if (n === 5 && value[4] === "T") return 5;
  return 0;
}

/**
 * Parses a time with a Go layout, as time.Parse (UTC unless the value names
 * a zone) or, with `opts.local`, time.ParseInLocation(…, Local). Returns ns
 * since the epoch; throws a usage FsError with Go's message on failure.
 */
export function parseGoTime(value: string, layout: string, opts: { local?: boolean } = {}): bigint {
  const local = localLocation();
  const fail = (layoutElem: string, valueElem: string, message = ""): never => {
    const text =
      message === ""
        ? `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`
        : `parsing time ${timeQuote(value)}${message}`;
    throw new FsError("usage", text);
  };
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pm = false;
  let am = false;
  let utc = false;
  let zoneOffset: number | undefined;
  let zoneName = "";
  let v = value;
  let rest = layout;
  for (;;) {
    const ch = nextChunk(rest);
    try {
      v = skip(v, ch.prefix);
    } catch {
      return fail(ch.prefix, v);
    }
    if (ch.std === undefined) {
      if (v.length !== 0) fail("", v, `: extra text: ${timeQuote(v)}`);
      break;
    }
    rest = ch.rest;
    const hold = v;
    let range = "";
    try {
      switch (ch.std) {
        case "06": {
          if (v.length < 2 || !/^[0-9]{2}/.test(v)) throw new BadField();
          year = Number(v.slice(0, 2));
          year += year >= 69 ? 1900 : 2000;
          v = v.slice(2);
          break;
        }
        case "2006":
          if (v.length < 4 || !/^[0-9]{4}/.test(v)) throw new BadField();
          year = Number(v.slice(0, 4));
          v = v.slice(4);
          break;
        case "Jan":
        case "January": {
          const names = ch.std === "Jan" ? LONG_MONTHS.map((m) => m.slice(0, 3)) : LONG_MONTHS;
          [month, v] = lookupName(names, v);
          month++;
          break;
        }
        case "1":
        case "01":
          [month, v] = getnum(v, ch.std === "01");
          if (month <= 0 || month > 12) range = "month";
          break;
        case "Mon":
          [, v] = lookupName(LONG_DAYS.map((d) => d.slice(0, 3)), v);
          break;
        case "Monday":
          [, v] = lookupName(LONG_DAYS, v);
          break;
        case "2":
        case "_2":
        case "02":
          if (ch.std === "_2" && v[0] === " ") v = v.slice(1);
          [day, v] = getnum(v, ch.std === "02");
          break;
        case "__2":
        case "002":
          if (ch.std === "__2") for (let i = 0; i < 2 && v[0] === " "; i++) v = v.slice(1);
          [yday, v] = getnum3(v, ch.std === "002");
          break;
        case "15":
          [hour, v] = getnum(v, false);
          if (hour >= 24) range = "hour";
          break;
        case "3":
        case "03":
          [hour, v] = getnum(v, ch.std === "03");
          if (hour > 12) range = "hour";
          break;
        case "4":
        case "04":
          [min, v] = getnum(v, ch.std === "04");
          if (min >= 60) range = "minute";
          break;
        case "5":
        case "05": {
          [sec, v] = getnum(v, ch.std === "05");
          if (sec >= 60) {
            range = "second";
            break;
          }
          // A fraction in the value that the layout does not mention is still taken.
          if (v.length >= 2 && (v[0] === "." || v[0] === ",") && isDigitAt(v, 1)) {
            const next = nextChunk(rest).std;
            if (next === "frac0" || next === "frac9") break;
            let n = 2;
            while (n < v.length && isDigitAt(v, n)) n++;
            nsec = parseNanos(v, n);
            v = v.slice(n);
          }
          break;
        }
        case "PM":
        case "pm": {
          const p = v.slice(0, 2);
          if (p === (ch.std === "PM" ? "PM" : "pm")) pm = true;
          else if (p === (ch.std === "PM" ? "AM" : "am")) am = true;
          else throw new BadField();
          v = v.slice(2);
          break;
        }
        case "MST": {
          if (v.startsWith("UTC")) {
            utc = true;
            v = v.slice(3);
            break;
          }
          const n = timeZoneLength(v);
          if (n === 0) throw new BadField();
          zoneName = v.slice(0, n);
          v = v.slice(n);
          break;
        }
        case "frac0": {
          const n = 1 + ch.digits!;
          if (v.length < n) throw new BadField();
          nsec = parseNanos(v, n);
          v = v.slice(n);
          break;
        }
        case "frac9": {
          if (v.length < 2 || (v[0] !== "." && v[0] !== ",") || !isDigitAt(v, 1)) break;
          let i = 0;
          while (i + 1 < v.length && isDigitAt(v, i + 1)) i++;
          nsec = parseNanos(v, 1 + i);
          v = v.slice(1 + i);
          break;
        }
        default: {
          if (ch.std[0] === "Z" && v[0] === "Z") {
            v = v.slice(1);
            utc = true;
            break;
          }
          const parsed = parseOffset(ch.std, v);
          if (parsed === undefined) throw new BadField();
          let hh: number, mm: number, ss: number;
          [zoneOffset, v, hh, mm, ss] = parsed;
          // Go allows 24h, 60m and 60s here: some people write them.
          if (hh > 24) range = "time zone offset hour";
          if (mm > 60) range = "time zone offset minute";
          if (ss > 60) range = "time zone offset second";
        }
      }
    } catch (e) {
      if (!(e instanceof BadField)) throw e;
      return fail(ch.text, hold);
    }
    if (range !== "") fail(ch.text, v, `: ${range} out of range`);
  }
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) fail("", v, ": day-of-year out of range");
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBeforeNoLeap(m + 1) < yday) m++;
      d = yday - daysBeforeNoLeap(m);
    }
    if (month >= 0 && month !== m) fail("", v, ": day-of-year does not match month");
    month = m;
    if (day >= 0 && day !== d) fail("", v, ": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) fail("", v, ": day out of range");

  const wall = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  let unix: number;
  if (utc) unix = wall;
  else if (zoneOffset !== undefined) unix = wall - zoneOffset;
  else if (zoneName !== "") {
    let off = local.lookupName(zoneName, wall);
    if (off === undefined) off = zoneName.length > 3 && zoneName.startsWith("GMT") ? Number(zoneName.slice(3)) * 3600 : 0;
    unix = wall - off;
  } else unix = opts.local ? wallToUnix(wall, local) : wall;
  return BigInt(unix) * NS_PER_SEC + BigInt(nsec);
}

/** Days before month m in a non-leap year (m may be 13). */
function daysBeforeNoLeap(m: number): number {
  return [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365][m - 1]!;
}

/** A local wall-clock second count → Unix seconds, resolving transitions as Go's time.Date does. */
function wallToUnix(wall: number, loc: GoLocation): number {
  let z = loc.lookup(wall);
  if (z.offset !== 0) {
    const utc = wall - z.offset;
    if (utc < z.start || utc >= z.end) z = loc.lookup(utc);
    return wall - z.offset;
  }
  return wall;
}

/** Reads a numeric zone offset for a zone token: [seconds east, rest, h, m, s], or undefined if malformed. */
function parseOffset(std: Std, v: string): [number, string, number, number, number] | undefined {
  let sign: string, hh: string, mm: string, ss: string, need: number;
  if (std.endsWith("07:00:00")) {
    need = 9;
    if (v.length < need || v[3] !== ":" || v[6] !== ":") return undefined;
    [sign, hh, mm, ss] = [v[0]!, v.slice(1, 3), v.slice(4, 6), v.slice(7, 9)];
  } else if (std.endsWith("07:00")) {
    need = 6;
    if (v.length < need || v[3] !== ":") return undefined;
    [sign, hh, mm, ss] = [v[0]!, v.slice(1, 3), v.slice(4, 6), "00"];
  } else if (std.endsWith("070000")) {
    need = 7;
    if (v.length < need) return undefined;
    [sign, hh, mm, ss] = [v[0]!, v.slice(1, 3), v.slice(3, 5), v.slice(5, 7)];
  } else if (std.endsWith("0700")) {
    need = 5;
    if (v.length < need) return undefined;
    [sign, hh, mm, ss] = [v[0]!, v.slice(1, 3), v.slice(3, 5), "00"];
  } else {
    need = 3;
    if (v.length < need) return undefined;
    [sign, hh, mm, ss] = [v[0]!, v.slice(1, 3), "00", "00"];
  }
  const two = /^[0-9]{2}$/;
  if (!two.test(hh) || !two.test(mm) || !two.test(ss) || (sign !== "+" && sign !== "-")) return undefined;
  const [h, m, sec] = [Number(hh), Number(mm), Number(ss)];
  const off = (h * 60 + m) * 60 + sec;
  return [sign === "-" ? -off : off, v.slice(need), h, m, sec];
}
