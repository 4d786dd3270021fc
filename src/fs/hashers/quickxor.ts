/**
 * OneDrive's QuickXorHash: a 160-bit value into which byte n of the input is
 * XORed at bit offset (n × 11) mod 160, finished by XORing the input length
 * (64-bit little-endian) into the last eight bytes.
 */
import type { Hasher } from "../hash.js";

const WIDTH_BITS = 160;
const SIZE = WIDTH_BITS / 8;
const SHIFT = 11;
/**
 * Bytes n and n+160 land on the same bit offset (11 × 160 ≡ 0 mod 160), so
 * the input can be folded into 160 accumulator bytes by plain XOR and the
 * shifting done once at the end.
 */
const PERIOD = WIDTH_BITS;
const PERIOD_WORDS = PERIOD / 4;
/** Size of the aligned copy used when the caller's bytes are not 4-byte aligned. */
const STAGE_SIZE = 64 * 1024;

/** Streaming QuickXorHash (hex digest, 40 characters). */
export class QuickXorHasher implements Hasher {
  private readonly acc = new Uint8Array(PERIOD);
  private readonly acc32 = new Int32Array(this.acc.buffer);
  /** Next accumulator index, i.e. total length mod 160. */
  private pos = 0;
  private length = 0;
  private stage: Uint8Array | undefined;

  update(data: Uint8Array): void {
    this.length += data.length;
    const acc = this.acc;
    let k = 0;
    const n = data.length;
    // Byte-wise until the accumulator position is word-aligned, so that the
    // bulk can be XORed 32 bits at a time.
    while (k < n && (this.pos & 3) !== 0) {
      acc[this.pos] = acc[this.pos]! ^ data[k++]!;
      this.pos = this.pos + 1 === PERIOD ? 0 : this.pos + 1;
    }
    while (n - k >= 4) {
      const words = Math.min((n - k) >>> 2, STAGE_SIZE >>> 2);
      const bytes = words << 2;
      let view: Int32Array;
      if (((data.byteOffset + k) & 3) === 0) {
        view = new Int32Array(data.buffer, data.byteOffset + k, words);
      } else {
        // Typed-array views need aligned offsets; one memcpy is far cheaper
        // than a byte loop.
        this.stage ??= new Uint8Array(STAGE_SIZE);
        this.stage.set(data.subarray(k, k + bytes));
        view = new Int32Array(this.stage.buffer, 0, words);
      }
      this.xorWords(view);
      k += bytes;
    }
    while (k < n) {
      acc[this.pos] = acc[this.pos]! ^ data[k++]!;
      this.pos = this.pos + 1 === PERIOD ? 0 : this.pos + 1;
    }
  }

  private xorWords(view: Int32Array): void {
    const acc32 = this.acc32;
    let w = this.pos >>> 2;
    let i = 0;
    const n = view.length;
    while (i < n) {
      const m = Math.min(PERIOD_WORDS - w, n - i);
      for (let j = 0; j < m; j++) acc32[w + j] = acc32[w + j]! ^ view[i + j]!;
      i += m;
      w += m;
      if (w === PERIOD_WORDS) w = 0;
    }
    this.pos = w << 2;
  }

  digest(): string {
    // One spare byte catches the bits that spill past bit 159 before they
    // wrap round to the start.
    const h = new Uint8Array(SIZE + 1);
    for (let i = 0; i < PERIOD; i++) {
      const bit = (i * SHIFT) % WIDTH_BITS;
      const at = bit >>> 3;
      const v = this.acc[i]! << (bit & 7);
      h[at] = h[at]! ^ (v & 0xff);
      h[at + 1] = h[at + 1]! ^ (v >>> 8);
    }
    h[0] = h[0]! ^ h[SIZE]!;
    let lo = this.length % 0x1_0000_0000;
    let hi = Math.floor(this.length / 0x1_0000_0000);
    for (let i = SIZE - 8; i < SIZE - 4; i++, lo >>>= 8) h[i] = h[i]! ^ (lo & 0xff);
    for (let i = SIZE - 4; i < SIZE; i++, hi >>>= 8) h[i] = h[i]! ^ (hi & 0xff);
    return Buffer.from(h.buffer, 0, SIZE).toString("hex");
  }
}
