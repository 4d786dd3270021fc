/**
 * Mail.ru Cloud's hash. Content of up to 20 bytes is its own hash, padded
 * with zero bytes to 20; anything longer is SHA-1 of "mrCloud", the content
 * and the content length in decimal.
 */
import { createHash } from "node:crypto";
import type { Hasher } from "../hash.js";

const SIZE = 20;
const PREFIX = "mrCloud";

/** Streaming Mail.ru hash (hex digest, 40 characters). */
export class MailruHasher implements Hasher {
  // SHA-1 runs from the start because the length is not known until the end.
  private readonly sha = createHash("sha1").update(PREFIX);
  private readonly head = new Uint8Array(SIZE);
  private total = 0;

  update(data: Uint8Array): void {
    if (this.total < SIZE) this.head.set(data.subarray(0, SIZE - this.total), this.total);
    this.total += data.length;
    this.sha.update(data);
  }

  digest(): string {
    if (this.total <= SIZE) return Buffer.from(this.head).toString("hex");
    return this.sha.update(String(this.total)).digest("hex");
  }
}
