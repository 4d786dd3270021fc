/**
 * `--hash-filter K/N`: a deterministic partition of file names, so that N
 * runs with K = 0…N-1 together cover every file exactly once. Names that
 * differ only by case or Unicode normalisation land in the same partition.
 */
import { FsError } from "../fs/errors.js";
import { goQuote } from "../lib/goquote.js";
import { nodeCrypto } from "../lib/builtins.js";

const U64_MAX = (1n << 64n) - 1n;

/** A parsed --hash-filter: keep partition k of n. */
export interface HashFilter {
  readonly k: bigint;
  readonly n: bigint;
}

function parseUint(s: string): bigint | string {
  // Go's strconv.ParseUint(s, 10, 64) and its error texts.
  if (!/^[0-9]+$/.test(s)) return `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`;
  const v = BigInt(s);
  if (v > U64_MAX) return `strconv.ParseUint: parsing ${goQuote(s)}: value out of range`;
  return v;
}

function randomBelow(n: bigint): bigint {
  // Rejection sampling keeps every partition equally likely.
  const limit = ((1n << 64n) / n) * n;
  for (;;) {
    const v = nodeCrypto().randomBytes(8).readBigUInt64LE(0);
    if (v < limit) return v % n;
  }
}

/** Parses "K/N" ("@/N" picks K at random). Throws FsError "usage" with rclone's messages. */
export function parseHashFilter(spec: string): HashFilter {
  const slash = spec.indexOf("/");
  if (slash < 0) throw new FsError("usage", "filter: --hash-filter: no / found");
  const kStr = spec.slice(0, slash);
  const nStr = spec.slice(slash + 1);
  const n = parseUint(nStr);
  if (typeof n === "string") throw new FsError("usage", `filter: --hash-filter: can't parse N=${goQuote(nStr)}: ${n}`);
  if (n === 0n) throw new FsError("usage", "filter: --hash-filter: N must be greater than 0");
  if (kStr === "@") return { k: randomBelow(n), n };
  const k = parseUint(kStr);
  if (typeof k === "string") throw new FsError("usage", `filter: --hash-filter: can't parse K=${goQuote(kStr)}: ${k}`);
  return { k: k % n, n };
}

/** Go's unicode.ToLower applied rune by rune: simple mappings only, no context (Σ is always σ). */
function goToLower(s: string): string {
  let out = "";
  for (const ch of s) {
    const lower = ch.toLowerCase();
    // İ is the one unconditional multi-rune lowering; Go's simple mapping gives plain i.
    out += ch === "\u0130" ? "i" : [...lower].length === 1 ? lower : ch;
  }
  return out;
}

/** The partition (0…n-1) a path falls in: MD5 of the lower-cased NFC path, first 8 bytes little-endian, mod n. */
export function hashPartition(remote: string, n: bigint): bigint {
  // Escaped invalid bytes (lone surrogates) encode as U+FFFD, as Go's ToLower turns them into.
  const normalized = goToLower(remote.normalize("NFC"));
  const digest = nodeCrypto().createHash("md5").update(Buffer.from(normalized, "utf8")).digest();
  return digest.readBigUInt64LE(0) % n;
}
