/**
 * lib/gotime + lib/gozone: Go's reference layouts, Go's view of the local
 * zone, and parsing; checked against Go's documented outputs, against
 * `date` (which reads the same TZif files) for zone names and offsets, and
 * against rclone's lsl / lsjson / lsd / lsf and `touch -t` under several TZs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  formatGoTime,
  GoLayout,
  lsfTimeLayout,
  lsjsonTimeLayout,
  parseGoTime,
  resolveTimeFormat,
} from "../../../src/lib/gotime.js";
import { civilFromDays, daysFromCivil, localLocation, localZone, resetLocalZone, tzset } from "../../../src/lib/gozone.js";

const savedTz = process.env.TZ;
function setTz(tz: string | undefined): void {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
  resetLocalZone();
}
afterEach(() => setTz(savedTz));

/** Go's reference instant, Mon Jan 2 15:04:05 MST 2006, plus a fraction. */
const REF = 1136239445_123456789n;

describe("formatGoTime in UTC", () => {
  const cases: Array<[string, string]> = [
    [GoLayout.Layout, "01/02 10:04:05PM '06 +0000"],
    [GoLayout.ANSIC, "Mon Jan  2 22:04:05 2006"],
    [GoLayout.UnixDate, "Mon Jan  2 22:04:05 UTC 2006"],
    [GoLayout.RubyDate, "Mon Jan 02 22:04:05 +0000 2006"],
    [GoLayout.RFC822, "02 Jan 06 22:04 UTC"],
    [GoLayout.RFC822Z, "02 Jan 06 22:04 +0000"],
    [GoLayout.RFC850, "Monday, 02-Jan-06 22:04:05 UTC"],
    [GoLayout.RFC1123, "Mon, 02 Jan 2006 22:04:05 UTC"],
    [GoLayout.RFC1123Z, "Mon, 02 Jan 2006 22:04:05 +0000"],
    [GoLayout.RFC3339, "2006-01-02T22:04:05Z"],
    [GoLayout.RFC3339Nano, "2006-01-02T22:04:05.123456789Z"],
    [GoLayout.Kitchen, "10:04PM"],
    [GoLayout.Stamp, "Jan  2 22:04:05"],
    [GoLayout.StampMilli, "Jan  2 22:04:05.123"],
    [GoLayout.StampMicro, "Jan  2 22:04:05.123456"],
    [GoLayout.StampNano, "Jan  2 22:04:05.123456789"],
    [GoLayout.DateTime, "2006-01-02 22:04:05"],
    [GoLayout.DateOnly, "2006-01-02"],
    [GoLayout.TimeOnly, "22:04:05"],
    ["2006-01-02 15:04:05.000000000", "2006-01-02 22:04:05.123456789"],
    ["15:04:05,000", "22:04:05,123"],
    ["15:04:05.9999", "22:04:05.1234"],
    ["January Monday 1 _2 __2 002 3 03 4 5 pm", "January Monday 1  2   2 002 10 10 4 5 pm"],
    ["Z07 Z0700 Z07:00 Z070000 Z07:00:00", "Z Z Z Z Z"],
    ["-07 -0700 -07:00 -070000 -07:00:00", "+00 +0000 +00:00 +000000 +00:00:00"],
    // Not tokens: "Janx" (lower-case follows), a fraction followed by a digit, "_2006".
    ["Janx Monx .0001 _2006", "Janx Monx .0001 _2006"],
    ["x_2006", "x_2006"],
    ["no tokens here!", "no tokens here!"],
    ["", ""],
  ];
  it.each(cases)("%j → %j", (layout, want) => {
    expect(formatGoTime(REF, layout, { utc: true })).toBe(want);
  });

  it("trims or keeps fraction zeros as Go does", () => {
    const t = 1_000_000_000n * 1000n + 100_000_000n; // .1 s
    expect(formatGoTime(t, "05.999", { utc: true })).toBe("40.1");
    expect(formatGoTime(t, "05.000", { utc: true })).toBe("40.100");
    expect(formatGoTime(1000n * 1_000_000_000n, "05.999999999", { utc: true })).toBe("40");
    expect(formatGoTime(1000n * 1_000_000_000n, "05.000000000", { utc: true })).toBe("40.000000000");
    expect(formatGoTime(999_999_999n, GoLayout.RFC3339Nano, { utc: true })).toBe("1970-01-01T00:00:00.999999999Z");
  });

  it("handles times before the epoch and far from it", () => {
    expect(formatGoTime(-1n, GoLayout.RFC3339Nano, { utc: true })).toBe("1969-12-31T23:59:59.999999999Z");
    expect(formatGoTime(-1_000_000_000_500_000_000n, "2006-01-02 15:04:05.000000000", { utc: true })).toBe(
      "1938-04-24 22:13:19.500000000",
    );
    expect(formatGoTime(253402300799_000000000n, GoLayout.RFC3339, { utc: true })).toBe("9999-12-31T23:59:59Z");
    expect(formatGoTime(951782400_000000000n, "Mon 2006-01-02 002", { utc: true })).toBe("Tue 2000-02-29 060");
  });

  it("agrees with Date for the calendar over many days", () => {
    for (let d = -800000; d <= 800000; d += 997) {
      const c = civilFromDays(d);
      const js = new Date(d * 86400000);
      expect([c.year, c.month, c.day, c.weekday]).toEqual([
        js.getUTCFullYear(),
        js.getUTCMonth() + 1,
        js.getUTCDate(),
        js.getUTCDay(),
      ]);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
    }
  });
});

describe("local zone as Go sees it", () => {
  it("follows $TZ: zone files, '' and UTC, absolute paths, unknown names", () => {
    setTz("America/New_York");
    expect(formatGoTime(REF, "2006-01-02 15:04:05 MST -0700 Z07:00")).toBe("2006-01-02 17:04:05 EST -0500 -05:00");
    setTz("Asia/Kolkata");
    expect(formatGoTime(REF, "15:04 MST Z07:00 -07 -070000")).toBe("03:34 IST +05:30 +05 +053000");
    setTz(":Europe/Paris");
    expect(formatGoTime(REF, "15:04 MST")).toBe("23:04 CET");
    setTz("/usr/share/zoneinfo/Asia/Tokyo");
    expect(formatGoTime(REF, "15:04 MST")).toBe("07:04 JST");
    expect(localLocation().name).toBe("/usr/share/zoneinfo/Asia/Tokyo");
    setTz("America/Sao_Paulo");
    expect(formatGoTime(REF, "15:04 MST")).toBe("20:04 -02"); // numeric abbreviation from tzdata
    for (const tz of ["", "UTC", "Nowhere/Atlantis", "EST5EDT-not-a-file", "../../etc/passwd"]) {
      setTz(tz);
      expect(formatGoTime(REF, "15:04 MST Z07:00"), tz).toBe("22:04 UTC Z");
    }
  });

  it("switches zones at DST transitions, both hemispheres", () => {
    setTz("America/New_York");
    expect(formatGoTime(1710053999_000000000n, "15:04:05 MST")).toBe("01:59:59 EST");
    expect(formatGoTime(1710054000_000000000n, "15:04:05 MST")).toBe("03:00:00 EDT");
    setTz("Australia/Sydney");
    expect(formatGoTime(1136239445_000000000n, "15:04 MST -0700")).toBe("09:04 AEDT +1100");
    expect(formatGoTime(1152000000_000000000n, "15:04 MST -0700")).toBe("18:00 AEST +1000");
  });

  it("evaluates POSIX TZ footers beyond the last transition", () => {
    const jul = Date.UTC(2200, 6, 1) / 1000;
    const jan = Date.UTC(2200, 0, 1) / 1000;
    expect(tzset("EST5EDT,M3.2.0,M11.1.0", 0, jul)?.name).toBe("EDT");
    expect(tzset("EST5EDT,M3.2.0,M11.1.0", 0, jan)?.offset).toBe(-5 * 3600);
    expect(tzset("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 0, jan)).toMatchObject({ name: "+11", offset: 11 * 3600 });
    expect(tzset("IST-5:30", 0, jan)).toMatchObject({ name: "IST", offset: 19800, end: Infinity });
    expect(tzset("X", 0, jan)).toBeUndefined();
    setTz("America/New_York");
    expect(formatGoTime(BigInt(jul) * 1_000_000_000n, "MST")).toBe("EDT");
  });
});

const haveDate = spawnSync("date", ["-d", "@0", "+%Z"]).status === 0;

describe.runIf(haveDate)("oracle: date(1) reads the same zone files", () => {
  it("gives the same abbreviation and offset at many instants in many zones", () => {
    const zones = [
      "UTC", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "America/Sao_Paulo", "Europe/Dublin",
      "Pacific/Chatham", "America/St_Johns", "Asia/Tehran", "Africa/Casablanca", "Europe/London", "Pacific/Apia",
      "Antarctica/Troll", "Australia/Lord_Howe", "America/Godthab", "Asia/Kathmandu",
    ];
    const instants: number[] = [];
    for (let y = 1901; y <= 2099; y += 3) for (const m of [0, 3, 6, 9]) instants.push(Date.UTC(y, m, 7, 13) / 1000);
    instants.push(Date.UTC(2150, 6, 1) / 1000, Date.UTC(2150, 11, 25) / 1000);
    let checked = 0;
    for (const tz of zones) {
      const r = spawnSync("date", ["-f", "-", "+%Z|%z"], {
        env: { ...process.env, TZ: tz },
        input: instants.map((s) => `@${s}`).join("\n") + "\n",
        encoding: "utf8",
      });
      // glibc prints the offset of a "-00" zone (Antarctica/Troll before 2005) as -0000; Go as +0000.
      const want = r.stdout.trim().split("\n").map((l) => l.replace("|-0000", "|+0000"));
      setTz(tz);
      const got = instants.map((s) => formatGoTime(BigInt(s) * 1_000_000_000n, "MST|-0700"));
      expect(got, tz).toEqual(want);
      checked += got.length;
    }
    expect(checked).toBeGreaterThan(4000);
  });
});

// ---------------------------------------------------------------------------
// rclone itself.

const haveRclone = spawnSync("rclone", ["version"], { env: { ...process.env, RCLONE_CONFIG: "/dev/null" } }).status === 0;

function rclone(args: string[], tz: string): string {
  const r = spawnSync("rclone", args, { env: { ...process.env, RCLONE_CONFIG: "/dev/null", TZ: tz }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`rclone ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const STAMPS = ["1354040105.123456789", "-1000000000.5", "0", "1710054000", "1710053999.999999999", "1099000000.000000001"];

describe.runIf(haveRclone)("oracle: rclone listings", () => {
  let dir = "";
  const mtimes = new Map<string, bigint>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tclone-time-"));
    STAMPS.forEach((s, i) => {
      const p = join(dir, `f${i}`);
      writeFileSync(p, "");
      spawnSync("touch", ["-d", `@${s}`, p]);
    });
    mkdirSync(join(dir, "d"));
    spawnSync("touch", ["-d", "@1354040105.987654321", join(dir, "d")]);
    for (const name of [...STAMPS.map((_, i) => `f${i}`), "d"]) {
      mtimes.set(name, statSync(join(dir, name), { bigint: true }).mtimeNs);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const tz of ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]) {
    it(`prints lsl, lsjson, lsd and lsf times as we format them (TZ=${tz})`, () => {
      setTz(tz);
      const files = [...mtimes.keys()].filter((n) => n !== "d").sort();
      const lsl = rclone(["lsl", dir], tz).split("\n").filter(Boolean).sort();
      const wantLsl = files.map((n) => `        0 ${formatGoTime(mtimes.get(n)!, "2006-01-02 15:04:05.000000000")} ${n}`);
      expect(lsl).toEqual(wantLsl.sort());

      const items = JSON.parse(rclone(["lsjson", dir], tz)) as Array<{ Name: string; ModTime: string }>;
      const layout = lsjsonTimeLayout(1n);
      const gotJson = Object.fromEntries(items.map((i) => [i.Name, i.ModTime]));
      const wantJson = Object.fromEntries([...mtimes].map(([n, t]) => [n, formatGoTime(t, layout)]));
      expect(gotJson).toEqual(wantJson);

      const lsd = rclone(["lsd", dir], tz);
      expect(lsd).toBe(`          -1 ${formatGoTime(mtimes.get("d")!, GoLayout.DateTime)}        -1 d\n`);

      const lsf = rclone(["lsf", "-F", "tp", dir], tz).split("\n").filter(Boolean).sort();
      const want = [...mtimes.keys()].sort().map((n) => `${formatGoTime(mtimes.get(n)!, "2006-01-02 15:04:05")};${n}${n === "d" ? "/" : ""}`);
      expect(lsf).toEqual(want.sort());
    });
  }

  it("parses touch -t timestamps as rclone does (UTC and --localtime)", () => {
    const values = ["2012-11-27T18:15:05", "2012-11-27T18:15:05.123456789", "2012-11-27T18:15:05.5", "121127", "690101", "680101", "2024-03-10T02:30:00", "2024-11-03T01:30:00"];
    let n = 0;
    for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
      setTz(tz);
      for (const v of values) {
        for (const local of [false, true]) {
          const p = join(dir, `touch-${n++}`);
          rclone(["touch", ...(local ? ["--localtime"] : []), "-t", v, p], tz);
          const layout = v.length === 19 ? "2006-01-02T15:04:05" : v.length > 19 ? "2006-01-02T15:04:05.999999999" : "060102";
          expect(parseGoTime(v, layout, { local }), `${tz} ${v} local=${local}`).toBe(statSync(p, { bigint: true }).mtimeNs);
        }
      }
    }
  });
});

describe("parseGoTime", () => {
  it("parses Go's layouts back to the same instant", () => {
    setTz("America/New_York");
    for (const layout of [GoLayout.RFC3339Nano, GoLayout.RFC1123Z, GoLayout.RubyDate, "2006-01-02 15:04:05.000000000 -07:00:00"]) {
      expect(parseGoTime(formatGoTime(REF, layout), layout), layout).toBe(layout.includes("9999") || layout.includes("000000000") ? REF : REF - 123456789n);
    }
    expect(parseGoTime(formatGoTime(REF, GoLayout.UnixDate), GoLayout.UnixDate)).toBe(REF - 123456789n);
    expect(parseGoTime("2006-01-02T15:04:05Z", GoLayout.RFC3339)).toBe(1136214245_000000000n);
    expect(parseGoTime("2006-01-02T15:04:05-07:00", GoLayout.RFC3339)).toBe(1136239445_000000000n);
  });

  it("takes unannounced fractions, 12-hour clocks, day of year, and two-digit years", () => {
    expect(parseGoTime("2006-01-02 15:04:05.25", GoLayout.DateTime)).toBe(1136214245_250000000n);
    expect(parseGoTime("2006-01-02 15:04:05,5", GoLayout.DateTime)).toBe(1136214245_500000000n);
    expect(parseGoTime("12:30AM", GoLayout.Kitchen)).toBe(BigInt(daysFromCivil(0, 1, 1) * 86400 + 30 * 60) * 1_000_000_000n);
    expect(parseGoTime("2000 060", "2006 002")).toBe(951782400_000000000n);
    expect(parseGoTime("2001 060", "2006 __2")).toBe(BigInt(Date.UTC(2001, 2, 1) / 1000) * 1_000_000_000n);
    expect(parseGoTime("681231", "060102")).toBe(BigInt(Date.UTC(2068, 11, 31) / 1000) * 1_000_000_000n);
    expect(parseGoTime("691231", "060102")).toBe(BigInt(Date.UTC(1969, 11, 31) / 1000) * 1_000_000_000n);
    expect(parseGoTime("mon JAN  2 15:04:05 2006", GoLayout.ANSIC)).toBe(1136214245_000000000n);
  });

  it("reads zone abbreviations through the local zone", () => {
    setTz("America/New_York");
    expect(parseGoTime("Mon Jan  2 15:04:05 EST 2006", GoLayout.UnixDate)).toBe(1136232245_000000000n);
    expect(parseGoTime("Mon Jul  3 15:04:05 EDT 2006", GoLayout.UnixDate)).toBe(1151953445_000000000n);
    expect(parseGoTime("Mon Jan  2 15:04:05 UTC 2006", GoLayout.UnixDate)).toBe(1136214245_000000000n);
    expect(parseGoTime("Mon Jan  2 15:04:05 XYZ 2006", GoLayout.UnixDate)).toBe(1136214245_000000000n);
    expect(parseGoTime("Mon Jan  2 15:04:05 GMT+3 2006", GoLayout.UnixDate)).toBe(1136214245_000000000n - 3n * 3600n * 1_000_000_000n);
  });

  it("resolves local wall times in gaps and overlaps as Go's time.Date", () => {
    setTz("America/New_York");
    // 02:30 does not exist on 2024-03-10; Go's zone search lands on 01:30 EST (rclone touch agrees, below).
    expect(formatGoTime(parseGoTime("2024-03-10 02:30:00", GoLayout.DateTime, { local: true }), "15:04 MST")).toBe("01:30 EST");
    // 01:30 happens twice on 2024-11-03; Go picks the first (EDT).
    expect(formatGoTime(parseGoTime("2024-11-03 01:30:00", GoLayout.DateTime, { local: true }), "15:04 MST")).toBe("01:30 EDT");
  });

  it("fails with Go's messages", () => {
    expect(() => parseGoTime("2006-13-02", GoLayout.DateOnly)).toThrow('parsing time "2006-13-02": month out of range');
    expect(() => parseGoTime("2006-02-30", GoLayout.DateOnly)).toThrow('parsing time "2006-02-30": day out of range');
    expect(() => parseGoTime("2006-01-02x", GoLayout.DateOnly)).toThrow('parsing time "2006-01-02x": extra text: "x"');
    expect(() => parseGoTime("06-01-02", GoLayout.DateOnly)).toThrow(
      'parsing time "06-01-02" as "2006-01-02": cannot parse "06-01-02" as "2006"',
    );
    expect(() => parseGoTime("2006-01-02T25:00:00Z", GoLayout.RFC3339)).toThrow("hour out of range");
    expect(() => parseGoTime("2006/01/02", GoLayout.DateOnly)).toThrow('cannot parse "/01/02" as "-"');
  });
});

describe("listing layouts", () => {
  it("chooses lsjson fraction digits by precision", () => {
    expect(lsjsonTimeLayout(1n)).toBe("2006-01-02T15:04:05.000000000Z07:00");
    expect(lsjsonTimeLayout(10n)).toBe("2006-01-02T15:04:05.00000000Z07:00");
    expect(lsjsonTimeLayout(1000n)).toBe("2006-01-02T15:04:05.000000Z07:00");
    expect(lsjsonTimeLayout(1001n)).toBe("2006-01-02T15:04:05.00000Z07:00");
    expect(lsjsonTimeLayout(1_000_000n)).toBe("2006-01-02T15:04:05.000Z07:00");
    expect(lsjsonTimeLayout(100_000_000n)).toBe("2006-01-02T15:04:05.0Z07:00");
    expect(lsjsonTimeLayout(100_000_001n)).toBe(GoLayout.RFC3339);
    expect(lsjsonTimeLayout(1_000_000_000n)).toBe(GoLayout.RFC3339);
    expect(lsfTimeLayout(1n)).toBe("2006-01-02 15:04:05.000000000");
    expect(lsfTimeLayout(1_000_000_000n)).toBe("2006-01-02 15:04:05");
  });

  it("maps --time-format names to layouts", () => {
    expect(resolveTimeFormat("RFC3339")).toBe(GoLayout.RFC3339);
    expect(resolveTimeFormat("DateOnly")).toBe("2006-01-02");
    expect(resolveTimeFormat("mac")).toBe("2006-01-02 0304PM");
    expect(resolveTimeFormat("YYYYMMDD")).toBe("20060102");
    expect(resolveTimeFormat("toString")).toBe("toString");
    expect(resolveTimeFormat("2006")).toBe("2006");
  });

  it("reads $TZ once a second at most, or at once after resetLocalZone", () => {
    setTz("Asia/Kolkata");
    const a = localLocation();
    expect(localZone(0).offset).toBe(19800);
    process.env.TZ = "UTC";
    expect(localLocation()).toBe(a); // not looked at again yet
    resetLocalZone();
    expect(localLocation()).not.toBe(a);
    expect(localZone(0).offset).toBe(0);
    process.env.TZ = "UTC";
    const b = localLocation();
    resetLocalZone();
    expect(localLocation()).toBe(b); // same value: the loaded zone is kept
  });
});
