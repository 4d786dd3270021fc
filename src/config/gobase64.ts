/**
 * Base64 decoding with Go's encoding/base64 rules: CR and LF are skipped,
 * anything else outside the alphabet is an error reported at its byte
 * offset ("illegal base64 data at input byte N"), and raw (unpadded)
 * encodings treat `=` as illegal. rclone's error messages quote that offset,
 * and Node's decoder silently ignores bad input, so we decode ourselves.
 */

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}

const STD_MAP = decodeMap(STD);
const URL_MAP = decodeMap(URL);

/** A decoding failure at a byte offset of the input, as Go's CorruptInputError. */
export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.name = "Base64Error";
  }
}

/** Which of Go's encodings to decode. */
export type GoBase64Encoding = "std" | "rawurl";

const isNewline = (b: number): boolean => b === 0x0a || b === 0x0d;

/**
 * Decodes like Go's `base64.StdEncoding` ("std", padded) or
 * `base64.RawURLEncoding` ("rawurl") DecodeString. The input is taken as
 * UTF-8 bytes so that offsets match Go's. Throws Base64Error.
 */
export function goBase64Decode(input: string | Uint8Array, encoding: GoBase64Encoding): Uint8Array {
  const src = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  const map = encoding === "std" ? STD_MAP : URL_MAP;
  const padded = encoding === "std";
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let n = 0;
  let si = 0;
  for (;;) {
    // One quantum of up to four symbols.
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailingError: number | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.slice(0, n);
        if (j === 1 || padded) throw new Base64Error(si - j);
        dlen = j;
        break;
      }
      const c = src[si]!;
      si++;
      const v = map[c]!;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (!padded || c !== 0x3d) throw new Base64Error(si - 1);
      // Padding: only valid as the third or fourth symbol.
      if (j === 0 || j === 1) throw new Base64Error(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si]!)) si++;
        if (si === src.length) throw new Base64Error(src.length);
        if (src[si] !== 0x3d) throw new Base64Error(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si]!)) si++;
      if (si < src.length) trailingError = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out[n++] = bytes[k]!;
    if (trailingError !== undefined) throw new Base64Error(trailingError);
    if (dlen < 4) return out.slice(0, n);
  }
}

/** Go's base64.RawURLEncoding.EncodeToString. */
export function rawUrlEncode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64url");
}

/** Go's base64.StdEncoding.EncodeToString (padded). */
export function stdEncode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}
