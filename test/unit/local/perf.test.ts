/**
 * Speed of the local backend on tmpfs: listing a directory of 20,000 files
 * and streaming 50 MiB in and out. The bounds are loose (CI machines vary);
 * the measured figures are printed for the record.
 */
import { closeSync, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { hashSet } from "../../../src/fs/hash.js";
import { staticInfo } from "../../conformance/helpers.js";
import { makeLocal, tempDir } from "./helpers.js";

const base = existsSync("/dev/shm") ? "/dev/shm" : undefined;
const tmp = tempDir("tclone-perf-", base);
afterAll(tmp.done);

const MiB = 1024 * 1024;

describe("performance", () => {
  it("lists a directory of 20,000 files quickly", async () => {
    const dir = join(tmp.dir, "wide");
    const f = await makeLocal(dir);
    await f.mkdir("");
    for (let i = 0; i < 20_000; i++) closeSync(openSync(join(dir, `file-${i}.txt`), "w"));
    await f.list(""); // warm the caches the way a second run would find them
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const entries = await f.list("");
      times.push(performance.now() - t0);
      expect(entries).toHaveLength(20_000);
    }
    const best = Math.min(...times);
    console.log(`list 20,000 files: best ${best.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")})`);
    expect(best).toBeLessThan(5000);
  });

  it("puts and opens 50 MiB at a good rate", async () => {
    const f = await makeLocal(join(tmp.dir, "big"));
    const chunk = Buffer.alloc(MiB, 0x5a);
    const size = 50 * MiB;
    let sent = 0;
    const src = new Readable({
      highWaterMark: MiB,
      read() {
        if (sent >= size) this.push(null);
        else {
          sent += chunk.length;
          this.push(chunk);
        }
      },
    });
    let t0 = performance.now();
    const o = await f.put(src, staticInfo("big.bin", 1_000_000_000n, size));
    const putMs = performance.now() - t0;
    expect(o.size).toBe(size);
    t0 = performance.now();
    let n = 0;
    for await (const c of await o.open()) n += (c as Buffer).length;
    const openMs = performance.now() - t0;
    expect(n).toBe(size);
    t0 = performance.now();
    let m = 0;
    for await (const c of await o.open({ hashes: hashSet("md5") })) m += (c as Buffer).length;
    const md5Ms = performance.now() - t0;
    expect(m).toBe(size);
    const rate = (ms: number): string => ((size / MiB / ms) * 1000).toFixed(0);
    console.log(`put 50 MiB: ${putMs.toFixed(0)} ms (${rate(putMs)} MiB/s); open: ${openMs.toFixed(0)} ms (${rate(openMs)} MiB/s); open+md5: ${md5Ms.toFixed(0)} ms (${rate(md5Ms)} MiB/s)`);
    expect(putMs).toBeLessThan(5000);
    expect(openMs).toBeLessThan(5000);
  });
});
