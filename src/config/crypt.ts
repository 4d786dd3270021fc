/**
 * Config file encryption in rclone's RCLONE_ENCRYPT_V0 format:
 *
 *     # Encrypted rclone configuration File
 *     <empty line>
 *     RCLONE_ENCRYPT_V0:
 *     base64(nonce(24) || secretbox(ini text))
 *
 * The key is SHA-256 of "[" + NFKC(password) + "][rclone-config]"; the box
 * is NaCl XSalsa20-Poly1305. No salt, no KDF: that is rclone's format, and
 * matching it byte for byte is the point.
 */
import { xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { FsError } from "../fs/errors.js";
import { Base64Error, goBase64Decode, stdEncode } from "./gobase64.js";
import { goTrimSpace, hasLoneSurrogate } from "./gostr.js";
import { nodeCrypto } from "../lib/builtins.js";

/** The first three lines of an encrypted config file. */
export const ENCRYPTED_HEADER = "# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n";

const MARKER = "RCLONE_ENCRYPT_V0:";
const NONCE_SIZE = 24;
const TAG_SIZE = 16;

/** Result of validating a config password. */
export interface CheckedPassword {
  password: string;
  /** Set when the password has leading/trailing whitespace (rclone warns, older versions trimmed). */
  warning?: string;
}

/**
 * Validates a config password as rclone does: valid Unicode, at least one
 * non-space character. The password is not trimmed.
 */
export function checkConfigPassword(password: string): CheckedPassword {
  if (hasLoneSurrogate(password)) throw new FsError("config", "password contains invalid utf8 characters");
  const trimmed = goTrimSpace(password);
  if (password.length === 0 || trimmed.length === 0) throw new FsError("config", "no characters in password");
  if (trimmed.length !== password.length) {
    return {
      password,
      warning: "Your password contains leading/trailing whitespace - in previous versions of rclone this was stripped",
    };
  }
  return { password };
}

/** Derives the 32-byte config key from a password (validated first). */
export function configKeyFromPassword(password: string): Uint8Array {
  const { password: p } = checkConfigPassword(password);
  // NFKC so that visually identical passwords typed on different systems give the same key.
  const h = nodeCrypto().createHash("sha256").update("[" + p.normalize("NFKC") + "][rclone-config]", "utf8").digest();
  return new Uint8Array(h);
}

/** What the first meaningful line of a config file says it is. */
export type ConfigEnvelope = { encrypted: false } | { encrypted: true; payload: string };

/**
 * Looks at a config file's text: skips blank and comment lines; the first
 * other line decides. Throws for a newer encryption version.
 */
export function inspectConfigText(text: string): ConfigEnvelope {
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const line = goTrimSpace(text.slice(pos, end));
    pos = nl < 0 ? text.length : nl + 1;
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    if (line === MARKER) return { encrypted: true, payload: text.slice(pos) };
    if (line.startsWith("RCLONE_ENCRYPT_V")) {
      throw new FsError("config", "unsupported configuration encryption - update rclone for support");
    }
    return { encrypted: false };
  }
  return { encrypted: false };
}

/**
 * Decodes the base64 body of an encrypted config into nonce || box, with
 * the errors of Go's streaming decoder: line breaks are dropped first, whole
 * quanta are decoded (a bad byte is reported by its offset), and a partial
 * quantum left at the end is an "unexpected EOF".
 */
export function decodeEncryptedPayload(payload: string): Uint8Array {
  const bytes = Buffer.from(payload.replace(/[\r\n]/g, ""), "utf8");
  const whole = bytes.length - (bytes.length % 4);
  let box: Uint8Array;
  try {
    box = goBase64Decode(bytes.subarray(0, whole), "std");
  } catch (err) {
    if (err instanceof Base64Error) throw new FsError("config", `failed to load base64 encoded data: ${err.message}`);
    throw err;
  }
  if (whole !== bytes.length) throw new FsError("config", "failed to load base64 encoded data: unexpected EOF");
  if (box.length < NONCE_SIZE + TAG_SIZE) throw new FsError("config", "configuration data too short");
  return box;
}

/** Opens nonce || box with the key; undefined if the key is wrong or the data corrupt. */
export function openConfigBox(box: Uint8Array, key: Uint8Array): string | undefined {
  if (key.length < 32) return undefined;
  try {
    const plain = xsalsa20poly1305(key.subarray(0, 32), box.subarray(0, NONCE_SIZE)).decrypt(box.subarray(NONCE_SIZE));
    return Buffer.from(plain).toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * Encrypts config text into the RCLONE_ENCRYPT_V0 file format (no trailing
 * newline, as rclone writes it). `nonce` is for tests only.
 */
export function encryptConfig(plaintext: string, key: Uint8Array, nonce?: Uint8Array): string {
  const n = nonce ?? nodeCrypto().randomBytes(NONCE_SIZE);
  if (n.length !== NONCE_SIZE) throw new FsError("config", `nonce must be ${NONCE_SIZE} bytes`);
  if (key.length < 32) throw new FsError("config", "config key must be 32 bytes");
  const sealed = xsalsa20poly1305(key.subarray(0, 32), n).encrypt(Buffer.from(plaintext, "utf8"));
  const all = new Uint8Array(NONCE_SIZE + sealed.length);
  all.set(n, 0);
  all.set(sealed, NONCE_SIZE);
  return ENCRYPTED_HEADER + stdEncode(all);
}

/**
 * Decrypts a config file's text with a key: plain text is returned as is;
 * a wrong key is a "badPassword" error.
 */
export function decryptConfig(text: string, key: Uint8Array): string {
  const env = inspectConfigText(text);
  if (!env.encrypted) return text;
  const plain = openConfigBox(decodeEncryptedPayload(env.payload), key);
  if (plain === undefined) throw new FsError("badPassword", "Couldn't decrypt configuration, most likely wrong password.");
  return plain;
}
