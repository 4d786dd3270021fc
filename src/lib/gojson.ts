/**
 * JSON exactly as Go's encoding/json writes it, for rclone-compatible
 * output (lsjson, --json, config dump, rc). It differs from JSON.stringify
 * in escaping (`<`, `>`, `&`, U+2028, U+2029 as \u escapes; invalid UTF-8
 * as \ufffd; \b and \f by name, as Go has since 1.22), in float formatting
 * (`-0`, exponents), in map key order and in MarshalIndent's layout.
 *
 * Value mapping: a plain object is a Go struct (fields in insertion order,
 * `undefined` fields left out as `omitempty` would); a Map is a Go map
 * (keys sorted bytewise); arrays are slices; Uint8Array is []byte (base64);
 * bigint and number are Go integers/floats; null is nil.
 */

import { FsError } from "../fs/errors.js";
import { compareNames } from "../fs/names.js";

const HEX = "0123456789abcdef";

/** Characters that need more than copying: controls, `"`, `\`, `<>&`, separators, surrogates. */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

/** A string as a Go JSON string literal, quotes included. */
export function goJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c < 0x20) {
      switch (c) {
        case 0x08:
          rep = "\\b";
          break;
        case 0x0c:
          rep = "\\f";
          break;
        case 0x0a:
          rep = "\\n";
          break;
        case 0x0d:
          rep = "\\r";
          break;
        case 0x09:
          rep = "\\t";
          break;
        default:
          rep = "\\u00" + HEX[c >> 4]! + HEX[c & 15]!;
      }
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = "\\\\";
    else if (c === 0x3c) rep = "\\u003c";
    else if (c === 0x3e) rep = "\\u003e";
    else if (c === 0x26) rep = "\\u0026";
    else if (c === 0x2028) rep = "\\u2028";
    else if (c === 0x2029) rep = "\\u2029";
    else if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++; // a proper pair is an ordinary astral character
        continue;
      }
      rep = "\\ufffd"; // an escaped byte of invalid UTF-8, as Go replaces each such byte
    } else continue;
    out += s.slice(start, i) + rep;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

/** A float64 as Go's encoding/json prints it (shortest form; exponent below 1e-6 and from 1e21). */
export function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new FsError("other", `json: unsupported value: ${goFloatName(f)}`);
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  // JS's shortest round-trip digits and its exponent thresholds match Go's here.
  return String(f);
}

function goFloatName(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  return f > 0 ? "+Inf" : "-Inf";
}

type Indent = { indent: string; prefix: string } | undefined;

function encode(v: unknown, ind: Indent, depth: number, seen: Set<object>): string | undefined {
  switch (typeof v) {
    case "string":
      return goJsonString(v);
    case "number":
      return goJsonFloat(v);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return undefined;
    case "object":
      break;
    default:
      throw new FsError("other", `json: unsupported type: ${typeof v}`);
  }
  if (v === null) return "null";
  if (v instanceof Uint8Array) return `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}"`;
  if (seen.has(v)) throw new FsError("other", "json: unsupported value: encountered a cycle");
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      const items = v.map((x) => encode(x, ind, depth + 1, seen) ?? "null");
      return wrap("[", "]", items, ind, depth);
    }
    let entries: Array<[string, unknown]>;
    if (v instanceof Map) {
      entries = [...v.entries()].map(([k, x]): [string, unknown] => [String(k), x]);
      entries.sort((a, b) => compareNames(a[0], b[0]));
    } else {
      entries = Object.entries(v as Record<string, unknown>);
    }
    const sep = ind ? ": " : ":";
    const items: string[] = [];
    for (const [k, x] of entries) {
      const enc = encode(x, ind, depth + 1, seen);
      // Go's maps keep nil entries; struct fields we are given as undefined are left out.
      if (enc === undefined) {
        if (v instanceof Map) items.push(goJsonString(k) + sep + "null");
        continue;
      }
      items.push(goJsonString(k) + sep + enc);
    }
    return wrap("{", "}", items, ind, depth);
  } finally {
    seen.delete(v);
  }
}

function wrap(open: string, close: string, items: string[], ind: Indent, depth: number): string {
  if (items.length === 0) return open + close;
  if (!ind) return open + items.join(",") + close;
  const inner = "\n" + ind.prefix + ind.indent.repeat(depth + 1);
  const outer = "\n" + ind.prefix + ind.indent.repeat(depth);
  return open + inner + items.join("," + inner) + outer + close;
}

/**
 * Go's json.Marshal (no indent) or json.MarshalIndent(v, prefix, indent).
 * Note the argument order: indent first, as JSON.stringify's `space`.
 * As in Go, the prefix starts every line but the first.
 */
export function goJsonStringify(v: unknown, indent?: string, prefix?: string): string {
  const ind = indent !== undefined || prefix !== undefined ? { indent: indent ?? "", prefix: prefix ?? "" } : undefined;
  return encode(v, ind, 0, new Set()) ?? "null";
}
