/**
 * The service hashes' defining rules, checked from first principles, and the
 * sharing of one hash-wasm instance between interleaved hashers.
 */
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FsError } from "../../../src/fs/errors.js";
import { hashBytes, newHasher, type HashType } from "../../../src/fs/hash.js";

const sha1 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash("sha1");
  for (const p of parts) h.update(p);
  return h.digest();
};
const sha256 = (data: Uint8Array): Buffer => createHash("sha256").update(data).digest();

describe("mailru", () => {
  it("embeds content of up to 20 bytes, zero-padded, as the hash", async () => {
    const hello = new TextEncoder().encode("hello");
    expect(await hashBytes("mailru", hello)).toBe("68656c6c6f" + "00".repeat(15));
    const twenty = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    expect(await hashBytes("mailru", twenty)).toBe(Buffer.from(twenty).toString("hex"));
    expect(await hashBytes("mailru", new Uint8Array(0))).toBe("00".repeat(20));
  });

  it("hashes longer content as SHA-1 of mrCloud, content, decimal length", async () => {
    const data = randomBytes(21);
    const want = sha1(Buffer.from("mrCloud"), data, Buffer.from("21")).toString("hex");
    expect(await hashBytes("mailru", data)).toBe(want);
  });
});

describe("quickxor", () => {
  it("of n zero bytes is n little-endian in the last 8 bytes", async () => {
    expect(await hashBytes("quickxor", new Uint8Array(0))).toBe("00".repeat(20));
    expect(await hashBytes("quickxor", new Uint8Array(1))).toBe("00".repeat(12) + "01" + "00".repeat(7));
    expect(await hashBytes("quickxor", new Uint8Array(0x1234))).toBe("00".repeat(12) + "3412" + "00".repeat(6));
  });

  it("XORs byte n in at bit (11 n) mod 160", async () => {
    // Byte 1 lands on bit 11 (byte 1, bit 3); byte 15 on bit 165 mod 160 = 5.
    const data = new Uint8Array(16);
    data[1] = 0x01;
    data[15] = 0x01;
    const h = Buffer.from(await hashBytes("quickxor", data), "hex");
    expect(h[0]).toBe(1 << 5);
    expect(h[1]).toBe(1 << 3);
    expect(h[12]).toBe(16);
  });

  it("wraps bits that pass bit 159 round to bit 0", async () => {
    // Byte 29 sits at bit 319 mod 160 = 159: one bit of 0xff stays in
    // byte 19, the other seven wrap into byte 0.
    const data = new Uint8Array(30);
    data[29] = 0xff;
    const h = Buffer.from(await hashBytes("quickxor", data), "hex");
    expect(h[19]).toBe(0x80);
    expect(h[0]).toBe(0x7f);
  });

  it("gives the same result however the input is split or aligned", async () => {
    const backing = randomBytes(3 * 65536 + 11);
    const data = backing.subarray(3); // odd byte offset
    const whole = await hashBytes("quickxor", data);
    const h = await newHasher("quickxor");
    for (let off = 0, i = 0; off < data.length; i++) {
      const n = [1, 2, 5, 160, 161, 65537][i % 6]!;
      h.update(data.subarray(off, off + n));
      off += n;
    }
    expect(h.digest()).toBe(whole);
  });
});

describe("dropbox", () => {
  it("is SHA-256 over the SHA-256 of each 4 MiB block", async () => {
    const block = 4 * 1024 * 1024;
    const data = randomBytes(block + 10);
    const want = createHash("sha256")
      .update(sha256(data.subarray(0, block)))
      .update(sha256(data.subarray(block)))
      .digest("hex");
    expect(await hashBytes("dropbox", data)).toBe(want);
    expect(await hashBytes("dropbox", new Uint8Array(0))).toBe(sha256(new Uint8Array(0)).toString("hex"));
  });
});

describe("hidrive", () => {
  it("of a single block is the SHA-1 of that block padded with zeros", async () => {
    const data = randomBytes(1000);
    const padded = new Uint8Array(4096);
    padded.set(data);
    expect(await hashBytes("hidrive", data)).toBe(sha1(padded).toString("hex"));
  });

  it("of zeros is zeros, whatever the length", async () => {
    for (const n of [0, 1, 4096, 4096 * 300 + 5]) {
      expect(await hashBytes("hidrive", new Uint8Array(n))).toBe("00".repeat(20));
    }
  });

  it("sums position-tagged SHA-1s of the non-zero block sums", async () => {
    const a = randomBytes(4096);
    const c = randomBytes(4096);
    const data = Buffer.concat([a, new Uint8Array(4096), c]);
    const tag = (sum: Buffer, i: number): bigint => BigInt("0x" + sha1(sum, Uint8Array.of(i)).toString("hex"));
    const total = (tag(sha1(a), 0) + tag(sha1(c), 2)) % (1n << 160n);
    expect(await hashBytes("hidrive", data)).toBe(total.toString(16).padStart(40, "0"));
  });
});

describe("hash-wasm hashers share one instance safely", () => {
  const types: HashType[] = ["whirlpool", "blake3", "xxh3", "xxh128"];

  it.each(types)("%s: interleaved hashers each get their own digest", async (t) => {
    const a = randomBytes(300_000);
    const b = randomBytes(123_457);
    const wantA = await hashBytes(t, a);
    const wantB = await hashBytes(t, b);
    const ha = await newHasher(t);
    const hb = await newHasher(t);
    let hc: Awaited<ReturnType<typeof newHasher>> | undefined;
    for (let off = 0; off < a.length; off += 1000) {
      ha.update(a.subarray(off, off + 1000));
      if (off < b.length) hb.update(b.subarray(off, off + 1000));
      // A hasher started midway, and digested, between the other two.
      if (off === 50_000) {
        hc = await newHasher(t);
        hc.update(b);
      }
    }
    expect(hc!.digest()).toBe(wantB);
    expect(hb.digest()).toBe(wantB);
    expect(ha.digest()).toBe(wantA);
  });

  it("refuses updates after digest", async () => {
    const h = await newHasher("blake3");
    h.update(Uint8Array.of(1));
    h.digest();
    expect(() => h.update(Uint8Array.of(2))).toThrow(FsError);
  });
});
