/**
 * Published test vectors for the hashes the rclone 1.60 oracle lacks
 * (sha512, blake3, xxh3, xxh128), plus rclone's own fixed vectors, each fed
 * both whole and a byte at a time.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashBytes, newHasher, type HashType } from "../../../src/fs/hash.js";

async function byteAtATime(t: HashType, data: Uint8Array): Promise<string> {
  const h = await newHasher(t);
  for (let i = 0; i < data.length; i++) h.update(data.subarray(i, i + 1));
  return h.digest();
}

async function expectHash(t: HashType, data: Uint8Array, want: string): Promise<void> {
  expect(await hashBytes(t, data)).toBe(want);
  expect(await byteAtATime(t, data)).toBe(want);
}

/** The BLAKE3 test_vectors.json input: byte i is i mod 251. */
function blake3Input(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

/** xxHash's sanity buffer: the top byte of a running product of its primes. */
function xxhSanityBuffer(n: number): Uint8Array {
  const PRIME32 = 2654435761n;
  const PRIME64 = 11400714785074694797n;
  const b = new Uint8Array(n);
  let gen = PRIME32;
  for (let i = 0; i < n; i++) {
    b[i] = Number(gen >> 56n);
    gen = (gen * PRIME64) & 0xffff_ffff_ffff_ffffn;
  }
  return b;
}

describe("blake3 matches the official BLAKE3 vectors", () => {
  const vectors: Array<[number, string]> = [
    [0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"],
    [1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"],
    [1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"],
    [1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"],
    [1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"],
    [2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"],
  ];
  it.each(vectors)("input length %i", async (n, want) => {
    await expectHash("blake3", blake3Input(n), want);
  });
});

describe("xxh3 matches xxHash's sanity vectors (seed 0), printed big-endian", () => {
  const vectors: Array<[number, string]> = [
    [0, "2d06800538d394c2"],
    [1, "c44bdff4074eecdb"],
    [6, "27b56a84cd2d7325"],
    [12, "a713daf0dfbb77e7"],
    [24, "a3fe70bf9d3510eb"],
    [48, "397da259ecba1f11"],
    [80, "bcdefbbb2c47c90a"],
    [195, "cd94217ee362ec3a"],
    [403, "cdeb804d65c6dea4"],
    [512, "617e49599013cb6b"],
    [2048, "dd59e2c3a5f038e0"],
    [2099, "c6b9d9b3fc9ac765"],
    [2240, "6e73a90539cf2948"],
    [2367, "cb37aeb9e5d361ed"],
  ];
  it.each(vectors)("input length %i", async (n, want) => {
    await expectHash("xxh3", xxhSanityBuffer(n), want);
  });
});

describe("xxh128 matches xxHash's sanity vectors (seed 0), high half first", () => {
  // [length, low 64 bits, high 64 bits] as xxHash lists them.
  const vectors: Array<[number, string, string]> = [
    [0, "6001c324468d497f", "99aa06d3014798d8"],
    [1, "c44bdff4074eecdb", "a6cd5e9392000f6a"],
    [6, "3e7039bdda43cfc6", "082afe0b8162d12a"],
    [12, "061a192713f69ad9", "6e3efd8fc7802b18"],
    [24, "1e7044d28b1b901d", "0ce966e4678d3761"],
    [48, "f942219aed80f67b", "a002ac4e5478227e"],
    [81, "5e8bafb9f95fb803", "4952f58181ab0042"],
    [222, "f1aebd597cec6b3a", "337e09641b948717"],
    [403, "cdeb804d65c6dea4", "1b6de21e332dd73d"],
    [512, "617e49599013cb6b", "18d2d110dcc9bca1"],
    [2048, "dd59e2c3a5f038e0", "f736557fd47073a5"],
    [2240, "6e73a90539cf2948", "ccb134fbfa7ce49d"],
    [2367, "cb37aeb9e5d361ed", "e89c0f6ff369b427"],
  ];
  it.each(vectors)("input length %i", async (n, low, high) => {
    await expectHash("xxh128", xxhSanityBuffer(n), high + low);
  });
});

describe("sha512 agrees with Node's crypto", () => {
  it.each([0, 1, 111, 112, 128, 129, 100_000])("input length %i", async (n) => {
    const data = blake3Input(n);
    await expectHash("sha512", data, createHash("sha512").update(data).digest("hex"));
  });
});

describe("rclone's fixed hash vectors", () => {
  const input = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  const want: Partial<Record<HashType, string>> = {
    md5: "bf13fc19e5151ac57d4252e0e0f87abe",
    sha1: "3ab6543c08a75f292a5ecedac87ec41642d12166",
    whirlpool:
      "eddf52133d4566d763f716e853d6e4efbabd29e2c2e63f56747b1596172851d34c2df9944beb6640dbdbe3d9b4eb61180720a79e3d15baff31c91e43d63869a4",
    crc32: "a6041d7e",
    sha256: "c839e57675862af5c21bd0a15413c3ec579e0d5522dab600bc6c3489b05b8f54",
    sha512:
      "008e7e9b5d94d37bf5e07c955890f730f137a41b8b0db16cb535a9b4cb5632c2bccff31685ec470130fe10e2258a0ab50ab587472258f3132ccf7d7d59fb91db",
    blake3: "0a7276a407a3be1b4d31488318ee05a335aad5a3b82c4420e592a8178c9e86bb",
    xxh3: "4b83b0c51c543525",
    xxh128: "438de241a57d684214f67657f7aad93b",
  };
  const empty: Partial<Record<HashType, string>> = {
    whirlpool:
      "19fa61d75522a4669b44e39c1d2e1726c530232130d407f89afee0964997f7a73e83be698b288febcf88e3e03c4f0757ea8964e59b63d93708b138cc42a66eb3",
    sha512:
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    blake3: "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    xxh3: "2d06800538d394c2",
    xxh128: "99aa06d3014798d86001c324468d497f",
  };
  it.each(Object.entries(want))("%s of bytes 1..14", async (t, sum) => {
    await expectHash(t as HashType, input, sum);
  });
  it.each(Object.entries(empty))("%s of nothing", async (t, sum) => {
    await expectHash(t as HashType, new Uint8Array(0), sum);
  });
});
