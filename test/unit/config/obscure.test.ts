import { describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { isObscured, obscure, obscureBytes, reveal, revealBytes } from "../../../src/config/obscure.js";

const ivA = Buffer.from("aaaaaaaaaaaaaaaa");
const ivB = Buffer.from("bbbbbbbbbbbbbbbb");

describe("obscure / reveal", () => {
  it.each([
    ["", ivA, "YWFhYWFhYWFhYWFhYWFhYQ"],
    ["potato", ivA, "YWFhYWFhYWFhYWFhYWFhYXMaGgIlEQ"],
    ["potato", ivB, "YmJiYmJiYmJiYmJiYmJiYp3gcEWbAw"],
  ])("obscures %j with a fixed IV to rclone's bytes", (plain, iv, want) => {
    expect(obscure(plain, iv)).toBe(want);
    expect(reveal(want)).toBe(plain);
  });

  it("uses a fresh random IV each time, and both results reveal", () => {
    const a = obscure("secret");
    const b = obscure("secret");
    expect(a).not.toBe(b);
    expect(reveal(a)).toBe("secret");
    expect(reveal(b)).toBe("secret");
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("round-trips non-ASCII text and raw bytes", () => {
    expect(reveal(obscure("blåbær 🍓"))).toBe("blåbær 🍓");
    const key = new Uint8Array(32).map((_, i) => (i * 37 + 200) & 0xff);
    expect(Buffer.from(revealBytes(obscureBytes(key))).equals(Buffer.from(key))).toBe(true);
  });

  it.each([
    ["YmJiYmJiYmJiYmJiYmJiYp*gcEWbAw", "base64 decode failed when revealing password - is it obscured?: illegal base64 data at input byte 22"],
    ["YWFhYWFhYWFhYWFhYWFhYQ=", "base64 decode failed when revealing password - is it obscured?: illegal base64 data at input byte 22"],
    ["YWFhYWFhYWFhYWFhYWFhY", "base64 decode failed when revealing password - is it obscured?: illegal base64 data at input byte 20"],
    ["a", "base64 decode failed when revealing password - is it obscured?: illegal base64 data at input byte 0"],
    ["aGVsbG8", "input too short when revealing password - is it obscured?"],
    ["", "input too short when revealing password - is it obscured?"],
  ])("reveal(%j) fails with rclone's message", (input, message) => {
    let caught: unknown;
    try {
      reveal(input);
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).toBe(message);
    expect(isKind(caught, "config")).toBe(true);
  });

  it("skips line breaks inside obscured text, as Go's decoder does", () => {
    expect(reveal("YWFhYWFhYWFh\nYWFhYWFhYXMaGgIlEQ")).toBe("potato");
  });

  it("tells obscured text from plain text the way `config create` does", () => {
    expect(isObscured("YWFhYWFhYWFhYWFhYWFhYXMaGgIlEQ")).toBe(true);
    expect(isObscured("potato")).toBe(false);
    expect(isObscured("my password!")).toBe(false);
  });
});
