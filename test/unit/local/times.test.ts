/**
 * Modification times: nanoseconds with the native helper, microseconds
 * through libuv without it, the precision probe for each, and the times the
 * rclone oracle lists for the same files.
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { nativeHelper, resetNativeHelper } from "../../../src/backends/local/native.js";
import { libuvSeconds, probePrecision, setTimes } from "../../../src/backends/local/times.js";
import { formatGoTime } from "../../../src/lib/gotime.js";
import { MICROSECOND, NANOSECOND } from "../../../src/fs/types.js";
import { readerOf, staticInfo } from "../../conformance/helpers.js";
import { haveRclone, makeLocal, rclone, tempDir } from "./helpers.js";

const T = (s: string): bigint => {
  const m = /^(.*?)\.(\d{9})Z$/.exec(s)!;
  return BigInt(Date.parse(m[1]! + "Z")) * 1_000_000n + BigInt(m[2]!);
};

/** Times with every digit of the fraction significant, and some before 1970. */
const VECTORS = [
  T("2001-02-03T04:05:06.499999999Z"),
  T("2011-12-13T14:15:16.999999999Z"),
  T("2023-06-07T08:09:10.123456789Z"),
  T("2030-01-01T00:00:00.000000001Z"),
  T("1969-12-31T23:59:59.999999999Z"),
  T("1960-05-06T07:08:09.000000123Z"),
];

const tmp = tempDir();
afterAll(tmp.done);

function useNative(on: boolean): void {
  if (on) delete process.env["TCLONE_NO_NATIVE"];
  else process.env["TCLONE_NO_NATIVE"] = "1";
  resetNativeHelper();
}

afterEach(() => useNative(true));

describe("with the native helper", () => {
  it("is built and loaded on this machine", () => {
    expect(nativeHelper()).toBeDefined();
  });

  it("sets times to the nanosecond, before and after 1970", async () => {
    const file = join(tmp.dir, "ns.bin");
    writeFileSync(file, "x");
    for (const t of VECTORS) {
      await setTimes(file, t - 1000n, t, false);
      const st = statSync(file, { bigint: true });
      expect(st.mtimeNs).toBe(t);
      expect(st.atimeNs).toBe(t - 1000n);
    }
  });

  it("probes a precision of 1ns", () => {
    expect(probePrecision()).toBe(NANOSECOND);
  });

  it("Put keeps the source's nanoseconds and the listing shows them", async () => {
    const f = await makeLocal(join(tmp.dir, "native"));
    expect(f.precision()).toBe(NANOSECOND);
    for (const [i, t] of VECTORS.entries()) {
      const o = await f.put(readerOf("data"), staticInfo(`f${i}.txt`, t, 4));
      expect(await o.modTime()).toBe(t);
    }
    const listed = new Map<string, bigint>();
    for (const e of await f.list("")) listed.set(e.remote, await e.modTime());
    for (const [i, t] of VECTORS.entries()) expect(listed.get(`f${i}.txt`)).toBe(t);
  });

  it.skipIf(!haveRclone)("rclone lsl prints the same nanoseconds that tclone reads", async () => {
    const f = await makeLocal(join(tmp.dir, "lsl"));
    for (const [i, t] of VECTORS.entries()) await f.put(readerOf("abc"), staticInfo(`f${i}.txt`, t, 3));
    const { stdout } = await rclone(["lsl", f.osRoot], { TZ: "UTC" });
    const oracle = new Map<string, string>();
    for (const line of stdout.toString("utf8").trim().split("\n")) {
      const m = /^\s*(\d+) (\S+ \S+) (.*)$/.exec(line)!;
      oracle.set(m[3]!, m[2]!);
    }
    for (const e of await f.list("")) {
      const ours = formatGoTime(await e.modTime(), "2006-01-02 15:04:05.000000000", { utc: true });
      expect(ours).toBe(oracle.get(e.remote));
    }
    expect(oracle.size).toBe(VECTORS.length);
  });
});

describe("without the native helper (libuv, microseconds)", () => {
  it("TCLONE_NO_NATIVE turns the helper off", () => {
    useNative(false);
    expect(nativeHelper()).toBeUndefined();
  });

  it("floors times to the microsecond, never to the one below", async () => {
    useNative(false);
    const file = join(tmp.dir, "us.bin");
    writeFileSync(file, "x");
    for (const t of VECTORS) {
      await setTimes(file, t, t, false);
      const want = t >= 0n ? (t / 1000n) * 1000n : -(((-t + 999n) / 1000n) * 1000n);
      expect(statSync(file, { bigint: true }).mtimeNs, `time ${t}`).toBe(want);
    }
  });

  it("nudges the float so libuv's truncation lands on the intended microsecond", () => {
    const t = T("2023-06-07T08:09:10.123456789Z");
    const s = libuvSeconds(t);
    const sec = Math.trunc(s);
    const ns = Math.trunc((s - sec) * 1e9);
    expect(ns - (ns % 1000)).toBe(123456000);
  });

  it("probes a precision of 1µs, and a Put's time is within it", async () => {
    useNative(false);
    expect(probePrecision()).toBe(MICROSECOND);
    const f = await makeLocal(join(tmp.dir, "fallback"));
    expect(f.precision()).toBe(MICROSECOND);
    const t = T("2001-02-03T04:05:06.499999999Z");
    const o = await f.put(readerOf("data"), staticInfo("a.txt", t, 4));
    const got = await o.modTime();
    expect(got).toBe(T("2001-02-03T04:05:06.499999000Z"));
    expect(t - got < MICROSECOND).toBe(true);
  });

  it("sets the time of a symlink itself (lutimes)", async () => {
    useNative(false);
    const f = await makeLocal(join(tmp.dir, "fallback-links"), { links: "true" });
    const t = T("2002-02-03T04:05:10.123123123Z");
    const o = await f.put(readerOf("target.txt"), staticInfo("l.rclonelink", t, 10));
    expect(await o.modTime()).toBe(T("2002-02-03T04:05:10.123123000Z"));
  });
});
