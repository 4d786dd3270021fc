/**
 * HiDrive's hash, a tree of SHA-1 sums.
 *
 * The input is cut into 4 KiB blocks, the last one padded with zero bytes;
 * a block's sum is its SHA-1, or 20 zero bytes if the block is all zeros.
 * Sums are then grouped 256 at a time: a group's sum is the 160-bit
 * big-endian sum (mod 2^160) of SHA-1(child ‖ index-in-group) over its
 * non-zero children. Grouping repeats until one sum is left, which is the
 * hash; an empty input hashes to zeros.
 *
 * Only the group being filled on each level is kept, so memory grows with
 * log256 of the input size.
 */
import { hash as oneShot } from "node:crypto";
import type { Hasher } from "../hash.js";

/** HiDrive hashes its content in blocks of this many bytes. */
export const HIDRIVE_BLOCK_SIZE = 4096;
const SUM_SIZE = 20;
const FANOUT = 256;
const ZERO_BLOCK = new Uint8Array(HIDRIVE_BLOCK_SIZE);
const ZERO_SUM = new Uint8Array(SUM_SIZE);

function isZero(bytes: Uint8Array): boolean {
  // Buffer.compare is a native memcmp, much faster than a JS byte loop.
  return Buffer.compare(bytes, ZERO_BLOCK.subarray(0, bytes.length)) === 0;
}

/** One level of the tree: the group of sums being filled there. */
interface Level {
  /** Sum of the group so far (big-endian, mod 2^160). */
  readonly acc: Uint8Array;
  /** Children in the current group; the next one's index. */
  inGroup: number;
  /** Children ever added to this level. */
  total: number;
  /** The most recent child, which is the hash if it is the level's only one. */
  readonly last: Uint8Array;
}

function newLevel(): Level {
  return { acc: new Uint8Array(SUM_SIZE), inGroup: 0, total: 0, last: new Uint8Array(SUM_SIZE) };
}

/** Adds b into a as 160-bit big-endian numbers, dropping the final carry. */
function addInto(a: Uint8Array, b: Uint8Array): void {
  let carry = 0;
  for (let i = SUM_SIZE - 1; i >= 0; i--) {
    const t = a[i]! + b[i]! + carry;
    a[i] = t & 0xff;
    carry = t >>> 8;
  }
}

/** Streaming HiDrive hash (hex digest, 40 characters). */
export class HiDriveHasher implements Hasher {
  private readonly block = new Uint8Array(HIDRIVE_BLOCK_SIZE);
  private inBlock = 0;
  private readonly levels: Level[] = [];
  /** A child sum followed by its index in the group, as the tag hashes it. */
  private readonly tagged = new Uint8Array(SUM_SIZE + 1);

  update(data: Uint8Array): void {
    let off = 0;
    const n = data.length;
    while (off < n) {
      if (this.inBlock === 0 && n - off >= HIDRIVE_BLOCK_SIZE) {
        // Whole blocks straight from the caller's buffer, without copying.
        this.addBlock(data.subarray(off, off + HIDRIVE_BLOCK_SIZE));
        off += HIDRIVE_BLOCK_SIZE;
        continue;
      }
      const take = Math.min(HIDRIVE_BLOCK_SIZE - this.inBlock, n - off);
      this.block.set(data.subarray(off, off + take), this.inBlock);
      this.inBlock += take;
      off += take;
      if (this.inBlock === HIDRIVE_BLOCK_SIZE) {
        this.addBlock(this.block);
        this.inBlock = 0;
      }
    }
  }

  private addBlock(block: Uint8Array): void {
    const sum = isZero(block) ? ZERO_SUM : oneShot("sha1", block, "buffer");
    this.addSum(0, sum);
  }

  private addSum(depth: number, sum: Uint8Array): void {
    const level = (this.levels[depth] ??= newLevel());
    level.last.set(sum);
    if (!isZero(sum)) {
      this.tagged.set(sum);
      this.tagged[SUM_SIZE] = level.inGroup;
      addInto(level.acc, oneShot("sha1", this.tagged, "buffer"));
    }
    level.total++;
    if (++level.inGroup === FANOUT) this.closeGroup(depth);
  }

  /** Passes a level's group sum up to the next level and starts a new group. */
  private closeGroup(depth: number): void {
    const level = this.levels[depth]!;
    const sum = level.acc.slice();
    level.acc.fill(0);
    level.inGroup = 0;
    this.addSum(depth + 1, sum);
  }

  digest(): string {
    if (this.inBlock > 0) {
      this.block.fill(0, this.inBlock);
      this.addBlock(this.block);
      this.inBlock = 0;
    }
    for (let depth = 0; ; depth++) {
      const level = this.levels[depth];
      if (level === undefined || level.total === 0) return Buffer.from(ZERO_SUM).toString("hex");
      if (level.total === 1) return Buffer.from(level.last).toString("hex");
      // More than one sum here: the unfinished group becomes one more sum
      // on the level above, and that level decides.
      if (level.inGroup > 0) this.closeGroup(depth);
    }
  }
}
