/**
 * Hash types and hash sets (rclone's fs/hash). Each type is a bit; the bit
 * order is registration order and also the preference order: getOne() picks
 * the lowest bit, so MD5 is preferred to SHA-1 and so on.
 *
 * Hashers are made by newHasher(); the ones Node's crypto has are built in,
 * the others load their implementation on first use.
 */
import type { Hash } from "node:crypto";
import { FsError } from "./errors.js";
import { nodeCrypto, nodeZlib } from "../lib/builtins.js";

export const HASH_TYPES = [
  "md5",
  "sha1",
  "whirlpool",
  "crc32",
  "sha256",
  "sha512",
  "blake3",
  "xxh3",
  "xxh128",
  "dropbox",
  "hidrive",
  "mailru",
  "quickxor",
] as const;

export type HashType = (typeof HASH_TYPES)[number];

interface HashDef {
  readonly type: HashType;
  /** rclone's alias, also accepted when parsing (MD5, SHA-1, …). */
  readonly alias: string;
  /** Width in hex characters. */
  readonly width: number;
}

const DEFS: readonly HashDef[] = [
  { type: "md5", alias: "MD5", width: 32 },
  { type: "sha1", alias: "SHA-1", width: 40 },
  { type: "whirlpool", alias: "Whirlpool", width: 128 },
  { type: "crc32", alias: "CRC-32", width: 8 },
  { type: "sha256", alias: "SHA-256", width: 64 },
  { type: "sha512", alias: "SHA-512", width: 128 },
  { type: "blake3", alias: "BLAKE3", width: 64 },
  { type: "xxh3", alias: "XXH3", width: 16 },
  { type: "xxh128", alias: "XXH128", width: 32 },
  { type: "dropbox", alias: "DropboxHash", width: 64 },
  { type: "hidrive", alias: "HiDriveHash", width: 40 },
  { type: "mailru", alias: "MailruHash", width: 40 },
  { type: "quickxor", alias: "QuickXorHash", width: 40 },
];

/** A set of hash types as a bit mask (bit i = HASH_TYPES[i]). 0 is the empty set. */
export type HashSet = number;

export const HASH_NONE: HashSet = 0;

/** The bit of a hash type. */
export function hashBit(t: HashType): HashSet {
  return 1 << HASH_TYPES.indexOf(t);
}

/** The set of the given types. */
export function hashSet(...types: HashType[]): HashSet {
  let s = 0;
  for (const t of types) s |= hashBit(t);
  return s;
}

/** All hash types tclone can compute. */
export const ALL_HASHES: HashSet = hashSet(...HASH_TYPES);

/** The types in a set, in preference order. */
export function hashTypes(set: HashSet): HashType[] {
  return HASH_TYPES.filter((_, i) => (set & (1 << i)) !== 0);
}

export function hashSetHas(set: HashSet, t: HashType): boolean {
  return (set & hashBit(t)) !== 0;
}

/** The preferred type in a set, or undefined for the empty set. */
export function hashGetOne(set: HashSet): HashType | undefined {
  for (let i = 0; i < HASH_TYPES.length; i++) if (set & (1 << i)) return HASH_TYPES[i];
  return undefined;
}

/** Width of a hash in hex characters. */
export function hashWidth(t: HashType): number {
  return DEFS[HASH_TYPES.indexOf(t)]!.width;
}

/** rclone's alias for a hash (MD5, SHA-1, …). */
export function hashAlias(t: HashType): string {
  return DEFS[HASH_TYPES.indexOf(t)]!.alias;
}

/** Parses a hash name or alias, case-insensitively ("md5", "MD5", "SHA-1", "sha1"). "none" gives undefined. */
export function parseHashType(s: string): HashType | undefined {
  const l = s.toLowerCase();
  if (l === "none") return undefined;
  for (const d of DEFS) {
    if (d.type === l || d.alias.toLowerCase() === l) return d.type;
  }
  throw new FsError("hashUnsupported", `unknown hash type "${s}"`);
}

/** An incremental hash. */
export interface Hasher {
  update(data: Uint8Array): void;
  /** Lower-case hex. Call once. */
  digest(): string;
}

class NodeHasher implements Hasher {
  private h: Hash;
  constructor(alg: string) {
    this.h = nodeCrypto().createHash(alg);
  }
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  digest(): string {
    return this.h.digest("hex");
  }
}

class Crc32Hasher implements Hasher {
  private v = 0;
  update(data: Uint8Array): void {
    this.v = nodeZlib().crc32(data, this.v);
  }
  digest(): string {
    return (this.v >>> 0).toString(16).padStart(8, "0");
  }
}

/** Makers for hashers that are not built in; filled on first use. */
export type HasherFactory = () => Hasher;
const external = new Map<HashType, HasherFactory>();
let externalLoad: Promise<void> | undefined;

async function loadExternal(): Promise<void> {
  externalLoad ??= import("./hashers/index.js")
    .then(async (m) => {
      for (const [t, f] of await m.loadHashers()) external.set(t, f);
    })
    .catch((err: unknown) => {
      // Let a later call try again rather than caching the failure.
      externalLoad = undefined;
      throw err;
    });
  return externalLoad;
}

/** Makes a hasher of the type. */
export async function newHasher(t: HashType): Promise<Hasher> {
  switch (t) {
    case "md5":
    case "sha1":
    case "sha256":
    case "sha512":
      return new NodeHasher(t);
    case "crc32":
      return new Crc32Hasher();
    default: {
      let f = external.get(t);
      if (!f) {
        await loadExternal();
        f = external.get(t);
      }
      if (!f) throw new FsError("hashUnsupported", `hash type ${t} is not implemented`);
      return f();
    }
  }
}

/** Several hashers fed from one stream. */
export class MultiHasher {
  private constructor(private readonly hashers: Map<HashType, Hasher>) {}

  static async create(set: HashSet): Promise<MultiHasher> {
    const m = new Map<HashType, Hasher>();
    for (const t of hashTypes(set)) m.set(t, await newHasher(t));
    return new MultiHasher(m);
  }

  update(data: Uint8Array): void {
    for (const h of this.hashers.values()) h.update(data);
  }

  /** The digests, by type. Call once. */
  sums(): Map<HashType, string> {
    const out = new Map<HashType, string>();
    for (const [t, h] of this.hashers) out.set(t, h.digest());
    return out;
  }
}

/** Hashes a whole buffer. */
export async function hashBytes(t: HashType, data: Uint8Array): Promise<string> {
  const h = await newHasher(t);
  h.update(data);
  return h.digest();
}
