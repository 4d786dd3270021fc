/**
 * rclone's "obscure": reversible scrambling of passwords stored in
 * rclone.conf, so that they are not readable at a glance. It is not
 * encryption — the key is public and fixed — but the bytes must match
 * rclone's exactly so that one config file serves both tools.
 *
 * Format: base64url (no padding) of iv(16) || AES-256-CTR(key, iv, text).
 */
import { FsError } from "../fs/errors.js";
import { Base64Error, goBase64Decode, rawUrlEncode } from "./gobase64.js";
import { nodeCrypto } from "../lib/builtins.js";

// rclone's published obscuring key; changing it would break every existing config.
const OBSCURE_KEY = Buffer.from("9c935b48730a554d6bfd7c63c886a92bd390198eb8128afbf4de162b8b95f638", "hex");
const IV_SIZE = 16;

function ctr(iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = nodeCrypto().createCipheriv("aes-256-ctr", OBSCURE_KEY, iv);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/**
 * Obscures raw bytes. `iv` is for tests only (16 bytes); normally random.
 * Needed apart from {@link obscure} because the config key handed to child
 * processes is 32 arbitrary bytes, not text.
 */
export function obscureBytes(plain: Uint8Array, iv?: Uint8Array): string {
  const useIv = iv ?? nodeCrypto().randomBytes(IV_SIZE);
  if (useIv.length !== IV_SIZE) throw new FsError("config", `failed to read iv: need ${IV_SIZE} bytes`);
  const out = new Uint8Array(IV_SIZE + plain.length);
  out.set(useIv, 0);
  out.set(ctr(useIv, plain), IV_SIZE);
  return rawUrlEncode(out);
}

/** Obscures a string the way `rclone obscure` does. `iv` is for tests only. */
export function obscure(plain: string, iv?: Uint8Array): string {
  return obscureBytes(Buffer.from(plain, "utf8"), iv);
}

/** Reveals obscured text to raw bytes; throws FsError("config") with rclone's messages. */
export function revealBytes(obscured: string): Uint8Array {
  let data: Uint8Array;
  try {
    data = goBase64Decode(obscured, "rawurl");
  } catch (err) {
    if (err instanceof Base64Error) {
      throw new FsError("config", `base64 decode failed when revealing password - is it obscured?: ${err.message}`);
    }
    throw err;
  }
  if (data.length < IV_SIZE) throw new FsError("config", "input too short when revealing password - is it obscured?");
  return ctr(data.subarray(0, IV_SIZE), data.subarray(IV_SIZE));
}

/** Reveals an obscured string the way `rclone reveal` does. */
export function reveal(obscured: string): string {
  return Buffer.from(revealBytes(obscured)).toString("utf8");
}

/** True if the text reveals without error (rclone's test for "already obscured"). */
export function isObscured(text: string): boolean {
  try {
    revealBytes(text);
    return true;
  } catch {
    return false;
  }
}
