/**
 * Dropbox's content hash: SHA-256 of each 4 MiB block of the input, then
 * SHA-256 of those block digests concatenated. An empty input hashes no
 * blocks, so its value is SHA-256 of nothing.
 */
import { createHash, type Hash } from "node:crypto";
import type { Hasher } from "../hash.js";

/** Dropbox hashes its content in blocks of this many bytes. */
export const DROPBOX_BLOCK_SIZE = 4 * 1024 * 1024;

/** Streaming Dropbox content hash (hex digest, 64 characters). */
export class DropboxHasher implements Hasher {
  private readonly total = createHash("sha256");
  private block: Hash = createHash("sha256");
  private inBlock = 0;

  update(data: Uint8Array): void {
    let off = 0;
    while (off < data.length) {
      const take = Math.min(DROPBOX_BLOCK_SIZE - this.inBlock, data.length - off);
      this.block.update(data.subarray(off, off + take));
      this.inBlock += take;
      off += take;
      if (this.inBlock === DROPBOX_BLOCK_SIZE) this.endBlock();
    }
  }

  private endBlock(): void {
    this.total.update(this.block.digest());
    this.block = createHash("sha256");
    this.inBlock = 0;
  }

  digest(): string {
    if (this.inBlock > 0) this.endBlock();
    return this.total.digest("hex");
  }
}
