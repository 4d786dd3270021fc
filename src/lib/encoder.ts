/**
 * File name encodings (rclone's lib/encoder). STUB: the API below is the
 * contract; the implementation is being written.
 */

/** Encoder flag bits, as rclone's MultiEncoder. */
export const Enc = {
  Zero: 0,
  Raw: 1 << 0,
  Slash: 1 << 1,
  LtGt: 1 << 2,
  DoubleQuote: 1 << 3,
  SingleQuote: 1 << 4,
  BackQuote: 1 << 5,
  Dollar: 1 << 6,
  Colon: 1 << 7,
  Question: 1 << 8,
  Asterisk: 1 << 9,
  Pipe: 1 << 10,
  Hash: 1 << 11,
  Percent: 1 << 12,
  BackSlash: 1 << 13,
  CrLf: 1 << 14,
  Del: 1 << 15,
  Ctl: 1 << 16,
  LeftSpace: 1 << 17,
  LeftPeriod: 1 << 18,
  LeftTilde: 1 << 19,
  LeftCrLfHtVt: 1 << 20,
  RightSpace: 1 << 21,
  RightPeriod: 1 << 22,
  RightCrLfHtVt: 1 << 23,
  InvalidUtf8: 1 << 24,
  Dot: 1 << 25,
  SquareBracket: 1 << 26,
  Semicolon: 1 << 27,
  Exclamation: 1 << 28,
} as const;

export const ENCODE_STANDARD = Enc.Zero | Enc.Slash | Enc.Ctl | Enc.Del | Enc.Dot;
export const ENCODE_BASE = Enc.Zero | Enc.Slash | Enc.Dot;

/** Parses "Slash,Dot", "0x…", a number, or an alias such as "Raw". */
export function parseEncoding(_s: string): number {
  throw new Error("not implemented");
}

/** Formats a mask as rclone does ("Slash,Dot"). */
export function formatEncoding(_mask: number): string {
  throw new Error("not implemented");
}

/** Encodes and decodes names with one mask. */
export class Encoder {
  constructor(readonly mask: number) {}
  /** A real name → the backend's form. */
  encode(_name: string): string {
    throw new Error("not implemented");
  }
  /** The backend's form → the real name. */
  decode(_name: string): string {
    throw new Error("not implemented");
  }
  /** Standard (core) name → backend name: this.encode(Standard.decode(s)). */
  fromStandardName(_s: string): string {
    throw new Error("not implemented");
  }
  /** Backend name → Standard (core) name: Standard.encode(this.decode(s)). */
  toStandardName(_s: string): string {
    throw new Error("not implemented");
  }
  /** As fromStandardName, per `/`-separated segment. */
  fromStandardPath(_s: string): string {
    throw new Error("not implemented");
  }
  /** As toStandardName, per `/`-separated segment. */
  toStandardPath(_s: string): string {
    throw new Error("not implemented");
  }
}
