/**
 * Every hash type rclone 1.60 knows, checked against the installed rclone
 * binary on files whose sizes sit on the algorithms' boundaries (the 20-byte
 * Mail.ru cut-off, HiDrive's 4 KiB blocks and 256-sum groups, Dropbox's
 * 4 MiB blocks, QuickXor's 160-byte period), fed to our hashers in uneven
 * chunks at odd buffer offsets.
 */
import { execFile } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newHasher, type HashType } from "../../../src/fs/hash.js";

const run = promisify(execFile);

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [0, 1, 20, 21, 4096, 4097, 65536, MiB + 7, 4 * MiB, 4 * MiB + 1, 9 * MiB + 3];

/** Types the rclone 1.60 oracle can compute. */
const ORACLE_TYPES: HashType[] = [
  "md5",
  "sha1",
  "whirlpool",
  "crc32",
  "sha256",
  "dropbox",
  "hidrive",
  "mailru",
  "quickxor",
];

/** Deterministic pseudo-random bytes (xorshift32), so a failure can be replayed. */
function pseudoRandom(size: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, size);
}

/**
 * A file with stretches of zero bytes: HiDrive gives all-zero blocks a
 * zero sum, and the zero tail must pad the last block the same way.
 */
function withZeroBlocks(): Uint8Array {
  const data = pseudoRandom(2 * MiB + 100, 99);
  data.fill(0, 4096, 3 * 4096); // two whole zero blocks
  data.fill(0, 10 * 4096 + 17, 12 * 4096); // zero block preceded by a partial one
  data.fill(0, MiB, MiB + 256 * 4096); // a whole group of zero blocks
  data.fill(0, 2 * MiB); // zero tail in the final partial block
  return data;
}

/** Chunk sizes cycled through while feeding a hasher. */
const CHUNKS = [1, 3, 64 * KiB, 7, 4095, 1, 4097, 20, 21, MiB + 1, 160, 159, 2 * MiB];

async function ourHash(t: HashType, data: Uint8Array): Promise<string> {
  const h = await newHasher(t);
  let off = 0;
  for (let i = 0; off < data.length; i++) {
    const n = CHUNKS[i % CHUNKS.length]!;
    h.update(data.subarray(off, off + n));
    off += n;
  }
  return h.digest();
}

interface Fixture {
  name: string;
  data: Uint8Array;
}

const fixtures: Fixture[] = [
  ...SIZES.map((size, i) => ({ name: `size-${size}`, data: pseudoRandom(size, 1000 + i) })),
  { name: "zero-blocks", data: withZeroBlocks() },
  { name: "all-zero-5000", data: new Uint8Array(5000) },
];

let dir: string;
const oracle = new Map<HashType, Map<string, string>>();

async function rcloneHashsum(t: HashType, where: string): Promise<Map<string, string>> {
  const { stdout } = await run("rclone", ["hashsum", t, where], {
    env: { ...process.env, RCLONE_CONFIG: "/dev/null" },
    maxBuffer: 16 * MiB,
  });
  const sums = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const m = /^([0-9a-f]+) {2}(.+)$/.exec(line);
    if (m) sums.set(m[2]!, m[1]!);
  }
  return sums;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tclone-hash-"));
  for (const f of fixtures) writeFileSync(join(dir, f.name), f.data);
  for (const t of ORACLE_TYPES) oracle.set(t, await rcloneHashsum(t, dir));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(ORACLE_TYPES)("%s matches rclone hashsum", (t) => {
  it.each(fixtures.map((f) => [f.name, f] as const))("on %s fed in uneven chunks", async (_, f) => {
    const want = oracle.get(t)!.get(f.name);
    expect(want, "rclone printed a sum").toMatch(/^[0-9a-f]+$/);
    expect(await ourHash(t, f.data)).toBe(want);
  });
});

describe("whole-buffer and chunked updates agree", () => {
  it.each(ORACLE_TYPES)("%s", async (t) => {
    const f = fixtures.find((x) => x.name === `size-${4 * MiB + 1}`)!;
    const h = await newHasher(t);
    h.update(f.data);
    expect(h.digest()).toBe(oracle.get(t)!.get(f.name));
  });
});

/**
 * HiDrive's third tree level starts at 256 × 256 blocks (256 MiB). Sparse
 * files keep that cheap: rclone reads holes as zeros, and we feed one shared
 * zero buffer, so only a few blocks are really hashed.
 */
describe("hidrive on a three-level tree", () => {
  const BLOCK = 4096;
  const LEVEL2 = 256 * 256 * BLOCK;
  const patches: Array<[number, Uint8Array]> = [
    [0, pseudoRandom(100, 1)],
    [300 * BLOCK + 5, pseudoRandom(5000, 2)],
    [LEVEL2 - 2 * BLOCK, pseudoRandom(BLOCK, 3)],
  ];
  const sizes = [LEVEL2, LEVEL2 + 1, LEVEL2 + 257 * BLOCK + 9];
  let sparseDir: string;
  let want: Map<string, string>;

  beforeAll(async () => {
    sparseDir = mkdtempSync(join(tmpdir(), "tclone-hidrive-"));
    for (const size of sizes) {
      const p = join(sparseDir, `sparse-${size}`);
      const fd = openSync(p, "w");
      ftruncateSync(fd, size);
      for (const [at, bytes] of [...patches, [size - 1, Uint8Array.of(0x5a)] as [number, Uint8Array]]) {
        writeSync(fd, bytes, 0, bytes.length, at);
      }
      closeSync(fd);
    }
    want = await rcloneHashsum("hidrive", sparseDir);
  });

  afterAll(() => {
    rmSync(sparseDir, { recursive: true, force: true });
  });

  it.each(sizes)("size %i", async (size) => {
    const h = await newHasher("hidrive");
    const edits = [...patches, [size - 1, Uint8Array.of(0x5a)] as [number, Uint8Array]].sort((a, b) => a[0] - b[0]);
    const zeros = new Uint8Array(MiB);
    let off = 0;
    const feedZerosTo = (end: number): void => {
      while (off < end) {
        const n = Math.min(zeros.length, end - off);
        h.update(zeros.subarray(0, n));
        off += n;
      }
    };
    for (const [at, bytes] of edits) {
      feedZerosTo(at);
      h.update(bytes);
      off += bytes.length;
    }
    feedZerosTo(size);
    expect(h.digest()).toBe(want.get(`sparse-${size}`));
  });
});
