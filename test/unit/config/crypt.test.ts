import { describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import {
  ENCRYPTED_HEADER,
  checkConfigPassword,
  configKeyFromPassword,
  decryptConfig,
  encryptConfig,
  inspectConfigText,
} from "../../../src/config/crypt.js";

const PAYLOAD =
  "b5Uk6mE3cUn5Wb8xiWYnVBAxXUirAaEG1PO/GIDiO9274AO+Yj790BwJA4d2y7lNkmHt4nJwIsoueFvUYmm7RDyzER8IA3XOCrjzl3OUcczZqcplk5JfBdhxMZpt1aGYWUdle1IgO/kAFne6sLD6IuxPySEb";
const VECTOR = "# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n" + PAYLOAD;
const PLAIN = "[nounc]\r\ntype = local\r\nnounc = true\r\n\r\n[unc]\r\ntype = local\r\nnounc = false\r\n\r\n";

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

describe("config encryption (RCLONE_ENCRYPT_V0)", () => {
  it("derives the key as SHA-256 of [password][rclone-config]", () => {
    expect(Buffer.from(configKeyFromPassword("asdf")).toString("hex")).toBe(
      "71efa752967fc482cfd122f02bc39724e282a6f73afb46fc7f99106ae004f227",
    );
  });

  it("normalises the password with NFKC before hashing", () => {
    // U+FB01 (ﬁ ligature) is NFKC-equivalent to "fi".
    expect(configKeyFromPassword("\ufb01sh")).toEqual(configKeyFromPassword("fish"));
  });

  it("decrypts rclone's test vector with password asdf", () => {
    expect(decryptConfig(VECTOR, configKeyFromPassword("asdf"))).toBe(PLAIN);
  });

  it("fails with a badPassword error for the wrong password", () => {
    const err = errorOf(() => decryptConfig(VECTOR, configKeyFromPassword("wrong")));
    expect(isKind(err, "badPassword")).toBe(true);
    expect(err.message).toBe("Couldn't decrypt configuration, most likely wrong password.");
  });

  it("refuses a newer format version", () => {
    const err = errorOf(() => decryptConfig(VECTOR.replace("V0:", "V1:"), configKeyFromPassword("asdf")));
    expect(err.message).toBe("unsupported configuration encryption - update rclone for support");
  });

  it("refuses data too short to hold a nonce and tag", () => {
    const short = "# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\nb5Uk6mE3cUn5Wb8x";
    expect(errorOf(() => decryptConfig(short, configKeyFromPassword("asdf"))).message).toBe("configuration data too short");
  });

  it("refuses rclone's enc-short.conf (a cut-off quantum) as rclone 1.60 does", () => {
    const cut = "# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\nb5Uk6mE3cUn5Wb8xi";
    expect(errorOf(() => decryptConfig(cut, configKeyFromPassword("asdf"))).message).toBe(
      "failed to load base64 encoded data: unexpected EOF",
    );
  });

  it("reports a bad base64 byte by its offset with line breaks removed", () => {
    const head = "# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n";
    const key = configKeyFromPassword("asdf");
    expect(errorOf(() => decryptConfig(head + "b5Uk6mE3cUn5W*8xb5Uk6mE3cUn5Wb8x", key)).message).toBe(
      "failed to load base64 encoded data: illegal base64 data at input byte 13",
    );
    expect(errorOf(() => decryptConfig(head + "b5Uk6mE3cUn5Wb8x\nb5Uk6mE3cU*5Wb8x", key)).message).toBe(
      "failed to load base64 encoded data: illegal base64 data at input byte 26",
    );
  });

  it("refuses bad base64 with Go's message", () => {
    const bad = VECTOR.replace("9274AO+", "9274AOæøå+");
    expect(errorOf(() => decryptConfig(bad, configKeyFromPassword("asdf"))).message).toMatch(
      /^failed to load base64 encoded data: illegal base64 data at input byte \d+$/,
    );
  });

  it("writes the header, then base64 of nonce||box with no trailing newline", () => {
    const key = configKeyFromPassword("asdf");
    const nonce = new Uint8Array(24).fill(7);
    const out = encryptConfig("[a]\ntype = local\n\n", key, nonce);
    expect(out.startsWith(ENCRYPTED_HEADER)).toBe(true);
    const body = out.slice(ENCRYPTED_HEADER.length);
    expect(body).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const raw = Buffer.from(body, "base64");
    expect(raw.subarray(0, 24).equals(Buffer.from(nonce))).toBe(true);
    // 16-byte Poly1305 tag + the plaintext length.
    expect(raw.length).toBe(24 + 16 + "[a]\ntype = local\n\n".length);
    expect(decryptConfig(out, key)).toBe("[a]\ntype = local\n\n");
  });

  it("reads encrypted text behind blank and comment lines, and passes plain text through", () => {
    expect(inspectConfigText("\n; note\n  # x\r\nRCLONE_ENCRYPT_V0:\nAAAA")).toEqual({ encrypted: true, payload: "AAAA" });
    expect(inspectConfigText("[a]\ntype = local\n")).toEqual({ encrypted: false });
    expect(decryptConfig("[a]\ntype = local\n", configKeyFromPassword("x"))).toBe("[a]\ntype = local\n");
  });

  it("validates passwords as rclone does: not blank, untrimmed, warned about edge spaces", () => {
    expect(() => checkConfigPassword("")).toThrow("no characters in password");
    expect(() => checkConfigPassword(" \t ")).toThrow("no characters in password");
    expect(() => checkConfigPassword("a\ud800")).toThrow("password contains invalid utf8 characters");
    const c = checkConfigPassword(" pw ");
    expect(c.password).toBe(" pw ");
    expect(c.warning).toMatch(/leading\/trailing whitespace/);
    expect(configKeyFromPassword(" pw ")).not.toEqual(configKeyFromPassword("pw"));
  });
});
