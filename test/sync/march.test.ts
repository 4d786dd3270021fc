/**
 * The march's pairing of source and destination entries (rclone's fs/march):
 * the match key is the name followed by "D" for a directory or "F" for a
 * file, compared without building it (compareKeys), and listings already in
 * that order are not sorted again.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareNames } from "../../src/fs/names.js";
import type { GlobalOptions } from "../../src/fs/globals.js";
import type { DirEntry } from "../../src/fs/types.js";
import { compareKeys, march } from "../../src/sync/march.js";
import { T1, fsAt, newEnv, newRun, writeFile, type Run } from "./helpers.js";

let r: Run;
beforeEach(() => {
  r = newRun();
});
afterEach(() => r.cleanup());

/** A small deterministic generator (xorshift). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe("compareKeys", () => {
  it("orders as the built keys name+D / name+F do, by their bytes", () => {
    // Letters around "D" and "F", punctuation below them, non-ASCII and astral above.
    const alphabet = ["C", "D", "E", "F", "G", ".", "0", "a", "é", "\u{1F600}", "\uff0e"];
    const next = rng(99);
    const names: string[] = [];
    for (let i = 0; i < 300; i++) {
      let n = "";
      const len = 1 + Math.floor(next() * 4);
      for (let k = 0; k < len; k++) n += alphabet[Math.floor(next() * alphabet.length)]!;
      names.push(n);
    }
    // Names that begin with others, the case the suffix decides.
    names.push("x", "xC", "xD", "xE", "xF", "xG", "xDD", "xFF", "x.", "xé");
    const wrong: string[] = [];
    let compared = 0;
    for (const a of names) {
      for (const b of names.slice(0, 120)) {
        for (const aDir of [false, true]) {
          for (const bDir of [false, true]) {
            const want = Math.sign(compareNames(a + (aDir ? "D" : "F"), b + (bDir ? "D" : "F")));
            if (Math.sign(compareKeys(a, aDir, b, bDir)) !== want) wrong.push(`${a}${aDir ? "/" : ""} vs ${b}${bDir ? "/" : ""}`);
            compared++;
          }
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(compared).toBe(names.length * 120 * 4);
  });
});

describe("pairing", () => {
  /** Marches local against remote, recording what each callback saw. */
  async function pairs(opt: Partial<GlobalOptions> = {}): Promise<{ matched: string[]; srcOnly: string[]; dstOnly: string[] }> {
    const env = await newEnv(opt);
    const got = { matched: [] as string[], srcOnly: [] as string[], dstOnly: [] as string[] };
    const show = (e: DirEntry): string => e.remote + (e.isDir ? "/" : "");
    await march({
      ctx: env.ctx,
      fsrc: await fsAt(env, r.local),
      fdst: await fsAt(env, r.remote),
      callbacks: {
        srcOnly: (s) => {
          got.srcOnly.push(show(s));
          return false;
        },
        dstOnly: (d) => {
          got.dstOnly.push(show(d));
          return false;
        },
        match: (d, s) => {
          got.matched.push(`${show(s)}=${show(d)}`);
          return false;
        },
      },
    });
    return got;
  }

  it("pairs names that begin with others, whose key order differs from the listing's", async () => {
    // Listed in byte order: x x.1 xC xE xG; in key order: x.1F xCF xD(x/) xEF xGF.
    for (const root of [r.local, r.remote]) {
      mkdirSync(join(root, "x"));
      for (const n of ["x.1", "xC", "xE", "xG"]) writeFile(root, n, n, T1);
    }
    writeFile(r.local, "xB", "only here", T1);
    writeFile(r.remote, "xH", "only there", T1);
    const got = await pairs();
    expect(got.matched).toEqual(["x.1=x.1", "xC=xC", "x/=x/", "xE=xE", "xG=xG"]);
    expect(got.srcOnly).toEqual(["xB"]);
    expect(got.dstOnly).toEqual(["xH"]);
  });

  it("does not pair a file with a directory of the same name", async () => {
    writeFile(r.local, "same", "file", T1);
    mkdirSync(join(r.remote, "same"));
    writeFile(r.local, "same.txt", "file", T1);
    writeFile(r.remote, "same.txt", "file", T1);
    const got = await pairs();
    expect(got.matched).toEqual(["same.txt=same.txt"]);
    expect(got.srcOnly).toEqual(["same"]);
    expect(got.dstOnly).toEqual(["same/"]);
  });

  it("re-sorts a listing whose names the transform changes (--ignore-case-sync)", async () => {
    // Listed as B, a and A, b (upper case sorts first); matched as a, b on both sides.
    for (const n of ["B", "a"]) writeFile(r.local, n, n, T1);
    for (const n of ["A", "b"]) writeFile(r.remote, n, n, T1);
    const got = await pairs({ ignoreCaseSync: true });
    expect(got.matched).toEqual(["a=A", "B=b"]);
    expect([...got.srcOnly, ...got.dstOnly]).toEqual([]);
  });
});
