/**
 * Time zones as Go's time package sees them on Unix.
 *
 * rclone prints local times with Go, which reads the system's TZif files
 * itself (it does not ask libc): `$TZ` unset means /etc/localtime, `TZ=""`
 * and `TZ=UTC` mean UTC, `TZ=Area/City` (or `:Area/City`) a file under the
 * zoneinfo directories, `TZ=/abs/path` that file, and anything that fails to
 * load falls back to UTC. The zone abbreviation Go prints for `MST` comes
 * from the same file, so reading TZif here is the only way to print the
 * same "IST" or "-03" that rclone does. Intl is used only where there is no
 * zoneinfo database at all (Windows).
 */

import { readFileSync } from "node:fs";

/** The zone in effect at an instant: abbreviation, offset east of UTC, validity window. */
export interface ZoneAt {
  /** Abbreviation as Go prints it for `MST` ("EST", "IST", "-03", "UTC"). */
  readonly name: string;
  /** Seconds east of UTC. */
  readonly offset: number;
  /** Unix seconds from which this zone applies (may be -Infinity). */
  readonly start: number;
  /** Unix seconds at which it stops applying (may be Infinity). */
  readonly end: number;
}

/** A location: Go's *time.Location reduced to what formatting and parsing need. */
export interface GoLocation {
  /** Go's name for it ("Local", "UTC", "America/New_York"). */
  readonly name: string;
  /** The zone in effect at a Unix second. */
  lookup(sec: number): ZoneAt;
  /** The offset of a zone abbreviation near a pseudo-Unix time, as Go's lookupName. */
  lookupName(abbrev: string, unix: number): number | undefined;
}

const SECONDS_PER_DAY = 86400;

// ---------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian), shared with gotime.ts.

/** True if year is a leap year. */
export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** Days before the first of month (1..12) in a year. */
export function daysBeforeMonth(month: number, year: number): number {
  return DAYS_BEFORE[month - 1]! + (month > 2 && isLeap(year) ? 1 : 0);
}

/** Days in a month (1..12) of a year. */
export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return DAYS_BEFORE[month]! - DAYS_BEFORE[month - 1]!;
}

/** Days since 1970-01-01 of a civil date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count since 1970-01-01, with day of year (1-based) and weekday (0 = Sunday). */
export function civilFromDays(days: number): { year: number; month: number; day: number; yday: number; weekday: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const yday = daysBeforeMonth(month, year) + day;
  const weekday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return { year, month, day, yday, weekday };
}

// ---------------------------------------------------------------------------
// POSIX TZ rules, as found in the footer of TZif files.

interface Rule {
  kind: "julian" | "doy" | "mwd";
  day: number;
  week: number;
  mon: number;
  time: number;
}

function tzNum(s: string, min: number, max: number): [number, string] | undefined {
  let i = 0;
  let num = 0;
  while (i < s.length && s[i]! >= "0" && s[i]! <= "9") {
    num = num * 10 + (s.charCodeAt(i) - 48);
    if (num > max) return undefined;
    i++;
  }
  if (i === 0 || num < min) return undefined;
  return [num, s.slice(i)];
}

function tzName(s: string): [string, string] | undefined {
  if (s === "") return undefined;
  if (s[0] === "<") {
    const close = s.indexOf(">");
    return close < 0 ? undefined : [s.slice(1, close), s.slice(close + 1)];
  }
  const m = /[0-9,+-]/.exec(s);
  if (!m) return s.length < 3 ? undefined : [s, ""];
  if (m.index < 3) return undefined;
  return [s.slice(0, m.index), s.slice(m.index)];
}

function tzOffset(s: string): [number, string] | undefined {
  let neg = false;
  if (s[0] === "+") s = s.slice(1);
  else if (s[0] === "-") {
    s = s.slice(1);
    neg = true;
  }
  const h = tzNum(s, 0, 24 * 7);
  if (!h) return undefined;
  let off = h[0] * 3600;
  s = h[1];
  if (s[0] === ":") {
    const m = tzNum(s.slice(1), 0, 59);
    if (!m) return undefined;
    off += m[0] * 60;
    s = m[1];
    if (s[0] === ":") {
      const sec = tzNum(s.slice(1), 0, 59);
      if (!sec) return undefined;
      off += sec[0];
      s = sec[1];
    }
  }
  return [neg ? -off : off, s];
}

function tzRule(s: string): [Rule, string] | undefined {
  const r: Rule = { kind: "doy", day: 0, week: 0, mon: 0, time: 2 * 3600 };
  if (s[0] === "J") {
    const d = tzNum(s.slice(1), 1, 365);
    if (!d) return undefined;
    r.kind = "julian";
    r.day = d[0];
    s = d[1];
  } else if (s[0] === "M") {
    const mon = tzNum(s.slice(1), 1, 12);
    if (!mon || mon[1][0] !== ".") return undefined;
    const week = tzNum(mon[1].slice(1), 1, 5);
    if (!week || week[1][0] !== ".") return undefined;
    const day = tzNum(week[1].slice(1), 0, 6);
    if (!day) return undefined;
    Object.assign(r, { kind: "mwd", mon: mon[0], week: week[0], day: day[0] });
    s = day[1];
  } else {
    const d = tzNum(s, 0, 365);
    if (!d) return undefined;
    r.day = d[0];
    s = d[1];
  }
  if (s[0] === "/") {
    const t = tzOffset(s.slice(1));
    if (!t) return undefined;
    r.time = t[0];
    s = t[1];
  }
  return [r, s];
}

/** Seconds from the start of the year (local standard-time base) at which a rule fires, in UTC terms. */
function ruleTime(year: number, r: Rule, off: number): number {
  let d: number;
  if (r.kind === "julian") {
    d = r.day - 1 + (isLeap(year) && r.day >= 60 ? 1 : 0);
  } else if (r.kind === "doy") {
    d = r.day;
  } else {
    const firstDow = civilFromDays(daysFromCivil(year, r.mon, 1)).weekday;
    let dom = r.day - firstDow;
    if (dom < 0) dom += 7;
    for (let i = 1; i < r.week; i++) {
      if (dom + 7 >= daysIn(r.mon, year)) break;
      dom += 7;
    }
    d = dom + daysBeforeMonth(r.mon, year);
  }
  return d * SECONDS_PER_DAY + r.time - off;
}

/** Evaluates a POSIX TZ string at a Unix second, as Go's tzset does. */
export function tzset(spec: string, initEnd: number, sec: number): ZoneAt | undefined {
  const std = tzName(spec);
  if (!std) return undefined;
  const stdOff = tzOffset(std[1]);
  if (!stdOff) return undefined;
  let stdName = std[0];
  let stdOffset = -stdOff[0]; // POSIX offsets are west of UTC
  let s = stdOff[1];
  if (s === "" || s[0] === ",") return { name: stdName, offset: stdOffset, start: initEnd, end: Infinity };
  const dst = tzName(s);
  if (!dst) return undefined;
  let dstName = dst[0];
  let dstOffset: number;
  s = dst[1];
  if (s === "" || s[0] === ",") dstOffset = stdOffset + 3600;
  else {
    const o = tzOffset(s);
    if (!o) return undefined;
    dstOffset = -o[0];
    s = o[1];
  }
  if (s === "") s = ",M3.2.0,M11.1.0";
  if (s[0] !== "," && s[0] !== ";") return undefined;
  const r1 = tzRule(s.slice(1));
  if (!r1 || r1[1][0] !== ",") return undefined;
  const r2 = tzRule(r1[1].slice(1));
  if (!r2 || r2[1] !== "") return undefined;

  const days = Math.floor(sec / SECONDS_PER_DAY);
  const { year, yday } = civilFromDays(days);
  const ysec = (yday - 1) * SECONDS_PER_DAY + (sec - days * SECONDS_PER_DAY);
  const yearStart = daysFromCivil(year, 1, 1) * SECONDS_PER_DAY;
  let startSec = ruleTime(year, r1[0], stdOffset);
  let endSec = ruleTime(year, r2[0], dstOffset);
  if (endSec < startSec) {
    // Southern hemisphere: the "DST" span wraps the new year.
    [startSec, endSec] = [endSec, startSec];
    [stdName, dstName] = [dstName, stdName];
    [stdOffset, dstOffset] = [dstOffset, stdOffset];
  }
  if (ysec < startSec) return { name: stdName, offset: stdOffset, start: yearStart, end: yearStart + startSec };
  if (ysec >= endSec) {
    return { name: stdName, offset: stdOffset, start: yearStart + endSec, end: yearStart + 365 * SECONDS_PER_DAY };
  }
  return { name: dstName, offset: dstOffset, start: yearStart + startSec, end: yearStart + endSec };
}

// ---------------------------------------------------------------------------
// TZif files.

interface Zone {
  name: string;
  offset: number;
  isDST: boolean;
}

class TzifLocation implements GoLocation {
  constructor(
    readonly name: string,
    private readonly zones: Zone[],
    private readonly when: number[],
    private readonly index: number[],
    private readonly extend: string,
  ) {}

  /** The last answer and where it holds: consecutive lookups (a listing) mostly share it. */
  private last: ZoneAt | undefined;
  private lastFrom = 0;
  private lastTo = 0;

  lookup(sec: number): ZoneAt {
    if (this.last !== undefined && sec >= this.lastFrom && sec < this.lastTo) return this.last;
    const z = this.search(sec);
    this.last = z;
    // A footer rule's window may reach back before the last transition, where the table rules.
    const lastTx = this.when[this.when.length - 1]!;
    this.lastFrom = sec >= lastTx ? Math.max(z.start, lastTx) : z.start;
    this.lastTo = z.end;
    return z;
  }

  private search(sec: number): ZoneAt {
    const { when, zones } = this;
    if (when.length === 0 || sec < when[0]!) {
      const z = zones[this.firstZone()]!;
      return { name: z.name, offset: z.offset, start: -Infinity, end: when.length > 0 ? when[0]! : Infinity };
    }
    let lo = 0;
    let hi = when.length;
    let end = Infinity;
    while (hi - lo > 1) {
      const m = (lo + hi) >>> 1;
      if (sec < when[m]!) {
        end = when[m]!;
        hi = m;
      } else lo = m;
    }
    const z = zones[this.index[lo]!]!;
    if (lo === when.length - 1 && this.extend !== "") {
      const e = tzset(this.extend, end, sec);
      if (e) return e;
    }
    return { name: z.name, offset: z.offset, start: when[lo]!, end };
  }

  /** The zone for times before the first transition (tzcode's rules, as Go applies them). */
  private firstZone(): number {
    const { zones, index } = this;
    if (!index.includes(0)) return 0;
    if (index.length > 0 && zones[index[0]!]!.isDST) {
      for (let zi = index[0]! - 1; zi >= 0; zi--) if (!zones[zi]!.isDST) return zi;
    }
    const i = zones.findIndex((z) => !z.isDST);
    return i >= 0 ? i : 0;
  }

  lookupName(abbrev: string, unix: number): number | undefined {
    for (const z of this.zones) {
      if (z.name === abbrev && this.lookup(unix - z.offset).name === z.name) return this.lookup(unix - z.offset).offset;
    }
    for (const z of this.zones) if (z.name === abbrev) return z.offset;
    return undefined;
  }
}

/** Parses TZif data (versions 1-3) into a location; undefined if malformed. */
export function loadLocationFromTZData(name: string, data: Uint8Array): GoLocation | undefined {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 44 || buf.toString("latin1", 0, 4) !== "TZif") return undefined;
  const v = buf[4]!;
  if (v !== 0 && v !== 0x32 && v !== 0x33) return undefined;
  const counts = (at: number): number[] => [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32BE(at + 20 + i * 4));
  let pos = 0;
  let n = counts(pos);
  let size = 4;
  if (v !== 0) {
    // Skip the 32-bit body; the 64-bit one after it covers all dates.
    const [isut, isstd, leap, time, type, char] = n as [number, number, number, number, number, number];
    pos += 44 + time * 5 + type * 6 + char + leap * 8 + isstd + isut;
    if (buf.length < pos + 44 || buf.toString("latin1", pos, pos + 4) !== "TZif") return undefined;
    n = counts(pos);
    size = 8;
  }
  const [isut, isstd, leap, time, type, char] = n as [number, number, number, number, number, number];
  let p = pos + 44;
  const bodyEnd = p + time * size + time + type * 6 + char + leap * (size + 4) + isstd + isut;
  if (type === 0 || buf.length < bodyEnd) return undefined;
  const when: number[] = [];
  for (let i = 0; i < time; i++, p += size) {
    when.push(size === 8 ? Number(buf.readBigInt64BE(p)) : buf.readInt32BE(p));
  }
  const index: number[] = [];
  for (let i = 0; i < time; i++) index.push(buf[p++]!);
  const zoneAt = p;
  const abbrevAt = zoneAt + type * 6;
  const zones: Zone[] = [];
  for (let i = 0; i < type; i++) {
    const at = zoneAt + i * 6;
    const ai = buf[at + 5]!;
    if (ai >= char) return undefined;
    let endName = abbrevAt + ai;
    while (endName < abbrevAt + char && buf[endName] !== 0) endName++;
    zones.push({ offset: buf.readInt32BE(at), isDST: buf[at + 4] !== 0, name: buf.toString("latin1", abbrevAt + ai, endName) });
  }
  if (index.some((i) => i >= type)) return undefined;
  const rest = buf.subarray(bodyEnd);
  let extend = "";
  if (rest.length > 2 && rest[0] === 0x0a && rest[rest.length - 1] === 0x0a) extend = rest.toString("latin1", 1, rest.length - 1);
  if (when.length === 0) {
    when.push(-Infinity);
    index.push(0);
  }
  return new TzifLocation(name, zones, when, index, extend);
}

class FixedLocation implements GoLocation {
  constructor(
    readonly name: string,
    private readonly zone: string,
    private readonly offset: number,
  ) {}
  lookup(): ZoneAt {
    return { name: this.zone, offset: this.offset, start: -Infinity, end: Infinity };
  }
  lookupName(abbrev: string): number | undefined {
    return abbrev === this.zone ? this.offset : undefined;
  }
}

/** Go's UTC location. */
export const UTC: GoLocation = new FixedLocation("UTC", "UTC", 0);

/**
 * Zones from the OS through Intl, for platforms without a zoneinfo
 * database. Offsets are right; abbreviations are Intl's, not Go's.
 */
class IntlLocation implements GoLocation {
  readonly name = "Local";
  private readonly fmt = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" });
  lookup(sec: number): ZoneAt {
    const d = new Date(sec * 1000);
    const offset = -d.getTimezoneOffset() * 60;
    const part = this.fmt.formatToParts(d).find((p) => p.type === "timeZoneName");
    return { name: part?.value ?? "", offset, start: sec, end: sec + 1 };
  }
  lookupName(): number | undefined {
    return undefined;
  }
}

const ZONE_SOURCES = ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/"];

function loadFile(name: string, path: string): GoLocation | undefined {
  try {
    return loadLocationFromTZData(name, readFileSync(path));
  } catch {
    return undefined;
  }
}

function loadLocal(tz: string | undefined): GoLocation {
  if (process.platform === "win32") return new IntlLocation();
  if (tz === undefined) {
    const l = loadFile("Local", "/etc/localtime");
    if (l) return l;
  } else if (tz !== "") {
    const name = tz[0] === ":" ? tz.slice(1) : tz;
    if (name.startsWith("/")) {
      const l = loadFile(name === "/etc/localtime" ? "Local" : name, name);
      if (l) return l;
    } else if (name !== "" && name !== "UTC") {
      for (const dir of ZONE_SOURCES) {
        const l = loadFile(name, dir + name);
        if (l) return l;
      }
    }
  }
  return UTC;
}

let cachedTz: string | undefined | null = null;
let cachedLocal: GoLocation = UTC;
let checkedAt = -Infinity;

/** How often $TZ is looked at again: reading process.env costs more than formatting a time. */
const TZ_RECHECK_MS = 1000;

/**
 * Go's Local location for `$TZ`. Go reads TZ once per process; we look again
 * at most once a second (and at once after resetLocalZone), loading zone
 * files only when the value changed.
 */
export function localLocation(): GoLocation {
  const now = Date.now();
  if (now - checkedAt >= TZ_RECHECK_MS) {
    checkedAt = now;
    const tz = process.env.TZ;
    if (tz !== cachedTz) {
      cachedLocal = loadLocal(tz);
      cachedTz = tz;
    }
  }
  return cachedLocal;
}

/** Makes the next localLocation() read $TZ again (for programs and tests that change it). */
export function resetLocalZone(): void {
  checkedAt = -Infinity;
}

/** The zone in effect at a Unix second in Go's Local location. */
export function localZone(sec: number): ZoneAt {
  return localLocation().lookup(sec);
}
