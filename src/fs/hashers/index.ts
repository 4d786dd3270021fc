/**
 * Hashers that Node's crypto does not have: whirlpool, BLAKE3 and the XXH3
 * pair through hash-wasm, and the cloud services' own hashes written here.
 * hash.ts loads this module on first use of one of them.
 */
import { createBLAKE3, createWhirlpool, createXXHash128, createXXHash3 } from "hash-wasm";
import type { HasherFactory, HashType } from "../hash.js";
import { DropboxHasher } from "./dropbox.js";
import { HiDriveHasher } from "./hidrive.js";
import { MailruHasher } from "./mailru.js";
import { QuickXorHasher } from "./quickxor.js";
import { wasmFactory } from "./wasm.js";

export { DropboxHasher, DROPBOX_BLOCK_SIZE } from "./dropbox.js";
export { HiDriveHasher, HIDRIVE_BLOCK_SIZE } from "./hidrive.js";
export { MailruHasher } from "./mailru.js";
export { QuickXorHasher } from "./quickxor.js";

/**
 * Initialises the implementations and returns their factories, which are
 * synchronous from then on.
 */
export async function loadHashers(): Promise<Map<HashType, HasherFactory>> {
  const [whirlpool, blake3, xxh3, xxh128] = await Promise.all([
    createWhirlpool(),
    createBLAKE3(),
    createXXHash3(),
    createXXHash128(),
  ]);
  return new Map<HashType, HasherFactory>([
    ["whirlpool", wasmFactory(whirlpool)],
    ["blake3", wasmFactory(blake3)],
    ["xxh3", wasmFactory(xxh3)],
    ["xxh128", wasmFactory(xxh128)],
    ["dropbox", () => new DropboxHasher()],
    ["hidrive", () => new HiDriveHasher()],
    ["mailru", () => new MailruHasher()],
    ["quickxor", () => new QuickXorHasher()],
  ]);
}
