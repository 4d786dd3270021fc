import { describe, expect, it } from "vitest";
import { FsError } from "../../../src/fs/errors.js";
import { Filter } from "../../../src/filter/filter.js";
import { hashPartition, parseHashFilter } from "../../../src/filter/hashfilter.js";
import { opts } from "./helpers.js";

// filter_test.go TestParseHashFilter: [spec, k, n] or [spec, error substring]
const PARSE: [string, bigint | string, bigint?][] = [
  ["", "no / found"],
  ["17", "no / found"],
  ["-1/2", "can't parse K="],
  ["1/-2", "can't parse N="],
  ["0/0", "N must be greater than 0"],
  ["0/18446744073709551615", 0n, 18446744073709551615n],
  ["0/18446744073709551616", "can't parse N="],
  ["18446744073709551615/1", 0n, 1n],
  ["18446744073709551616/1", "can't parse K="],
  ["1/2", 1n, 2n],
  ["17/3", 2n, 3n],
  ["@/1", 0n, 1n],
];

describe("parseHashFilter", () => {
  for (const [spec, k, n] of PARSE) {
    it(`${JSON.stringify(spec)} → ${typeof k === "string" ? "error " + k : `${k}/${n}`}`, () => {
      if (typeof k === "string") {
        expect(() => parseHashFilter(spec)).toThrow(FsError);
        expect(() => parseHashFilter(spec)).toThrow(k);
      } else {
        expect(parseHashFilter(spec)).toEqual({ k, n });
      }
    });
  }

  it("words its errors as rclone does", () => {
    expect(() => parseHashFilter("x/3")).toThrow('filter: --hash-filter: can\'t parse K="x": strconv.ParseUint: parsing "x": invalid syntax');
    expect(() => parseHashFilter("1/99999999999999999999")).toThrow("value out of range");
  });

  it("picks a random partition below N for @", () => {
    for (let i = 0; i < 50; i++) {
      const { k, n } = parseHashFilter("@/3");
      expect(n).toBe(3n);
      expect(k >= 0n && k < 3n).toBe(true);
    }
  });
});

const E1 = "file\u03011.jpg"; // e + combining acute
const E2 = "fil\u00e91.jpg"; // precomposed é

// filter_test.go TestNewFilterHashFilter: [path, partition of 4]
const PARTITIONS: [string, number][] = [
  ["file1.jpg", 0],
  ["FILE1.jpg", 0],
  ["file2.jpg", 2],
  ["File2.jpg", 2],
  ["file3.jpg", 1],
  ["file4.jpg", 2],
  ["file5.jpg", 0],
  ["file6.jpg", 1],
  ["file7.jpg", 3],
  ["file8.jpg", 3],
  ["file9.jpg", 1],
  [E1, 3],
  [E2, 3],
  ["hello" + E1, 2],
  ["HELLO" + E2, 2],
  ["hello1" + E1, 1],
  ["Hello1" + E2, 1],
];

describe("--hash-filter partitions", () => {
  for (const [path, partition] of PARTITIONS) {
    it(`${JSON.stringify(path)} is in partition ${partition} of 4`, () => {
      expect(hashPartition(path, 4n)).toBe(BigInt(partition));
    });
  }

  for (let i = 0; i <= 4; i++) {
    it(`filter ${i}/4 keeps exactly its partition and still applies the path rules`, async () => {
      const f = await Filter.create(opts({ hashFilter: `${i}/4`, exclude: ["*.bin"] }));
      for (const [path, partition] of PARTITIONS) expect(f.includeObject(path, 0, 0n), path).toBe(partition === i % 4);
      expect(f.includeObject("exclude.bin", 8, 0n)).toBe(false);
      expect(f.inactive).toBe(false);
    });
  }

  it("puts names differing only in case or normalisation together", () => {
    expect(hashPartition("ΣΊΣΥΦΟΣ", 1000n)).toBe(hashPartition("σίσυφοσ", 1000n));
    expect(hashPartition("\u0130x", 1000n)).toBe(hashPartition("ix", 1000n));
  });

  it("rejects a bad spec when the filter is made", async () => {
    await expect(Filter.create(opts({ hashFilter: "0/0" }))).rejects.toThrow("N must be greater than 0");
  });
});
