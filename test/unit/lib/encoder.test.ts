/**
 * lib/encoder: the vectors of reference §6, rclone's generated case table
 * (read from the rclone source mirror when it is present), round-trip
 * properties over random names, and the installed rclone as oracle for
 * ToStandardName / FromStandardName through the local backend.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareNames, decodeName, encodeName } from "../../../src/fs/names.js";
import {
  Enc,
  ENCODE_BASE,
  ENCODE_HASH_PERCENT,
  ENCODE_STANDARD,
  ENCODE_WIN,
  Encoder,
  encoderFor,
  encodingNames,
  formatEncoding,
  parseEncoding,
  STANDARD,
} from "../../../src/lib/encoder.js";

/** A name from Go-style bytes, e.g. bytes("a\xBF") (each \xNN one byte). */
function bytes(s: string): string {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0xff && c >= 0x80) out.push(c);
    else out.push(...Buffer.from(ch, "utf8"));
  }
  return decodeName(Buffer.from(out));
}

describe("mask names", () => {
  it("formats masks as rclone does", () => {
    expect(formatEncoding(Enc.Raw)).toBe("Raw");
    expect(formatEncoding(Enc.Zero)).toBe("None");
    expect(formatEncoding(Enc.DoubleQuote)).toBe("DoubleQuote");
    expect(formatEncoding(Enc.Dot)).toBe("Dot");
    expect(formatEncoding(ENCODE_WIN)).toBe("LtGt,DoubleQuote,Colon,Question,Asterisk,Pipe");
    expect(formatEncoding(ENCODE_HASH_PERCENT)).toBe("Hash,Percent");
    expect(formatEncoding(Enc.Slash | Enc.Dollar | Enc.Colon)).toBe("Slash,Dollar,Colon");
    expect(formatEncoding(Enc.Slash + 2 ** 31)).toBe("Slash,0x80000000");
    expect(formatEncoding(ENCODE_BASE)).toBe("Slash,Dot");
    expect(formatEncoding(ENCODE_STANDARD)).toBe("Slash,Del,Ctl,Dot");
    expect(formatEncoding(ENCODE_BASE | Enc.InvalidUtf8 | Enc.LeftSpace | Enc.RightSpace)).toBe(
      "Slash,LeftSpace,RightSpace,InvalidUtf8,Dot",
    );
  });

  it("parses names, aliases and Go integer literals", () => {
    expect(parseEncoding("Raw")).toBe(Enc.Raw);
    expect(parseEncoding("None")).toBe(0);
    expect(parseEncoding("DoubleQuote")).toBe(Enc.DoubleQuote);
    expect(parseEncoding("LtGt,DoubleQuote,Colon,Question,Asterisk,Pipe")).toBe(ENCODE_WIN);
    expect(parseEncoding("Hash,Percent")).toBe(ENCODE_HASH_PERCENT);
    expect(parseEncoding("Slash,0x80000000")).toBe(Enc.Slash + 2 ** 31);
    expect(parseEncoding(" Slash , Dot ")).toBe(ENCODE_BASE);
    expect(parseEncoding("0x2000002")).toBe(ENCODE_BASE);
    expect(parseEncoding("0o10")).toBe(8);
    expect(parseEncoding("010")).toBe(8);
    expect(parseEncoding("0b1_0")).toBe(2);
    expect(parseEncoding("1_024")).toBe(1024);
  });

  it("rejects empty, unknown and malformed parts with rclone's message", () => {
    for (const bad of ["", "Blerp", "0xFGFFF", "Slash,", "1__0", "_1", "0x", "08", "+1", "-1"]) {
      expect(() => parseEncoding(bad), bad).toThrow(/^bad encoding ".*": possible values are: Asterisk, BackQuote, /);
    }
    expect(() => parseEncoding("Slash,Blerp")).toThrow('bad encoding "Blerp"');
  });

  it("lists the accepted names sorted", () => {
    const names = encodingNames().split(", ");
    expect(names).toHaveLength(30);
    expect([...names].sort()).toEqual(names);
    expect(names).toContain("Exclamation");
  });
});

describe("encode/decode vectors (reference §6)", () => {
  const cases: Array<[number, string, string]> = [
    [Enc.InvalidUtf8, bytes("\xBF"), "‛BF"],
    [Enc.InvalidUtf8, bytes("\xBF\xFE"), "‛BF‛FE"],
    [Enc.InvalidUtf8, bytes("a\xBF\xFEb"), "a‛BF‛FEb"],
    [Enc.InvalidUtf8, bytes("a\xBFξ\xFEb"), "a‛BFξ‛FEb"],
    [Enc.InvalidUtf8 | Enc.BackSlash, bytes("a\xBF\\\xFEb"), "a‛BF＼‛FEb"],
    [0, bytes("\xBF"), bytes("\xBF")],
    [0, bytes("\xBF\xFE"), bytes("\xBF\xFE")],
    [Enc.Dot, ".", "．"],
    [Enc.Dot, "..", "．．"],
    [Enc.Dot, "...", "..."],
    [Enc.Dot, "．", "‛．"],
    [Enc.Dot, "．．", "‛．‛．"],
    [Enc.LeftSpace, " ", "␠"],
    [Enc.LeftSpace, " ␠x", "␠␠x"],
    [Enc.LeftSpace, "␠␠x", "‛␠␠x"],
    [Enc.Slash | Enc.LeftSpace, '[\\"α/／ｓ', '[\\"α／‛／ｓ'],
    [0, "a\0b", "a␀b"],
    [0, "a␀b‛", "a‛␀b‛‛"],
    [Enc.Ctl | Enc.Del, "\x01\x1f\x7f␁␟␡", "␁␟␡‛␁‛␟‛␡"],
    [Enc.CrLf, "a\r\nb␍", "a␍␊b‛␍"],
    [Enc.LeftTilde, "~x", "～x"],
    [Enc.LeftTilde, "～x", "‛～x"],
    [Enc.LeftPeriod, ".x.", "．x."],
    [Enc.RightPeriod | Enc.RightSpace, "x. ", "x.␠"],
    [Enc.RightPeriod, "x.", "x．"],
    [Enc.RightPeriod, "x．", "x‛．"],
    [Enc.LeftCrLfHtVt | Enc.RightCrLfHtVt, "\tx\v", "␉x␋"],
    [Enc.LeftCrLfHtVt | Enc.RightCrLfHtVt, "␉x␋", "‛␉x‛␋"],
    [Enc.SquareBracket | Enc.Semicolon | Enc.Exclamation, "[a];!", "［a］；！"],
    [ENCODE_WIN | Enc.BackSlash, 'a:b?c"d*e<f>g|h\\', "a：b？c＂d＊e＜f＞g｜h＼"],
    [ENCODE_HASH_PERCENT | Enc.Dollar | Enc.BackQuote | Enc.SingleQuote, "#%$`'", "＃％＄｀＇"],
    [Enc.Slash, "a😀/b", "a😀／b"],
  ];
  it.each(cases)("mask %i encodes %j as %j and back", (mask, raw, encoded) => {
    const e = new Encoder(mask);
    expect(e.encode(raw)).toBe(encoded);
    expect(e.decode(encoded)).toBe(raw);
  });

  it("Raw leaves everything alone, even NUL", () => {
    const e = new Encoder(Enc.Raw);
    expect(e.encode("a\0/b")).toBe("a\0/b");
    expect(e.decode("a␀／b")).toBe("a␀／b");
  });

  it("decodes ‛XX of any case to the byte, joining bytes into characters", () => {
    const e = new Encoder(Enc.InvalidUtf8);
    expect(e.decode("‛bf")).toBe(bytes("\xBF"));
    expect(e.decode("‛41")).toBe("A");
    expect(e.decode("‛C3‛A9")).toBe("é");
    expect(e.decode("‛C3‛A9‛A9")).toBe("é" + bytes("\xA9"));
    expect(e.decode("‛4")).toBe("‛4");
    expect(e.decode("‛4x")).toBe("‛4x");
    expect(new Encoder(0).decode("‛BF")).toBe("‛BF");
  });

  it("keeps a literal U+FFFD and astral characters as they are", () => {
    const e = new Encoder(Enc.InvalidUtf8 | Enc.Slash);
    expect(e.encode("a\ufffdb😀")).toBe("a\ufffdb😀");
    expect(e.encode(bytes("\xF0\x90\x80"))).toBe("‛F0‛90‛80");
  });

  it("returns the input string itself when there is nothing to do", () => {
    const e = new Encoder(ENCODE_BASE | Enc.InvalidUtf8 | ENCODE_WIN);
    const name = "an ordinary name.txt";
    expect(e.encode(name)).toBe(name);
    expect(e.decode(name)).toBe(name);
    expect(e.toStandardPath("a/b/c")).toBe("a/b/c");
    expect(e.fromStandardPath("a/b/c")).toBe("a/b/c");
  });

  it("leaves printable ASCII names without / as they are under every flag (the local listing relies on it)", () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => c !== "/");
    // "." and ".." are the exceptions (Dot), and no directory lists them.
    const names = [...printable.filter((c) => c !== "."), ...printable.map((c) => `${c}x${c}`), " a ", "..a..", "~x~", "a b.txt"];
    const masks = [0, ...ALL_FLAGS, ENCODE_STANDARD, ENCODE_BASE | ENCODE_WIN | Enc.InvalidUtf8, ALL_FLAGS.reduce((m, f) => m | f, 0)];
    let checked = 0;
    for (const mask of masks) {
      const e = encoderFor(mask);
      for (const name of names) {
        expect(e.toStandardName(name), `${formatEncoding(mask)} ${JSON.stringify(name)}`).toBe(name);
        checked++;
      }
    }
    expect(checked).toBe(masks.length * names.length);
  });

  it("converts to and from Standard per path segment", () => {
    const local = new Encoder(ENCODE_BASE);
    expect(local.toStandardName("a／b")).toBe("a／b"); // the local ／ means a remote /
    expect(local.toStandardName("c\x01d")).toBe("c␁d");
    expect(local.fromStandardName("c␁d")).toBe("c\x01d");
    expect(local.toStandardName("a‛／b")).toBe("a‛／b");
    expect(local.toStandardPath("d\x7f/e\x02")).toBe("d␡/e␂");
    expect(local.fromStandardPath("d␡/e␂")).toBe("d\x7f/e\x02");
    const s3 = new Encoder(ENCODE_BASE | Enc.InvalidUtf8);
    expect(s3.toStandardName("x‛BFy")).toBe(bytes("x\xBFy"));
    expect(s3.fromStandardName(bytes("x\xBFy"))).toBe("x‛BFy");
    expect(STANDARD.toStandardPath("a␀/b")).toBe("a␀/b");
    expect(encoderFor(ENCODE_STANDARD)).toBe(STANDARD);
    expect(encoderFor(Enc.Colon)).toBe(encoderFor(Enc.Colon));
  });
});

// ---------------------------------------------------------------------------
// rclone's generated table, read from the source mirror when available.

const MIRROR = "/work/.mirror/rclone+rclone/repo";

/** Decodes a Go interpreted string literal body into its bytes. */
function goStringBytes(body: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      const cp = body.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(...Buffer.from(String.fromCodePoint(cp), "utf8"));
      continue;
    }
    const e = body[++i]!;
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34, "'": 39 };
    if (e in simple) out.push(simple[e]!);
    else if (e === "x") {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      out.push(...Buffer.from(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16)), "utf8"));
      i += n;
    } else if (e >= "0" && e <= "7") {
      out.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new Error(`unknown escape \\${e}`);
  }
  return Buffer.from(out);
}

function maskExpr(expr: string): number {
  let m = 0;
  for (const part of expr.split("|")) {
    const name = part.trim().replace(/^Encode/, "") as keyof typeof Enc;
    const bit = Enc[name];
    if (bit === undefined) throw new Error(`unknown mask ${part}`);
    m |= bit;
  }
  return m;
}

function loadGeneratedCases(): Array<{ mask: number; input: string; output: string }> | undefined {
  if (!existsSync(MIRROR)) return undefined;
  let text: string;
  try {
    text = execFileSync("git", ["-C", MIRROR, "show", "HEAD:lib/encoder/encoder_cases_test.go"], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
  } catch {
    return undefined;
  }
  const re = /mask:\s*([A-Za-z| ]+),\s*in:\s*"((?:[^"\\]|\\.)*)",\s*out:\s*"((?:[^"\\]|\\.)*)"/g;
  const cases: Array<{ mask: number; input: string; output: string }> = [];
  for (const m of text.matchAll(re)) {
    cases.push({
      mask: maskExpr(m[1]!),
      input: decodeName(goStringBytes(m[2]!)),
      output: decodeName(goStringBytes(m[3]!)),
    });
  }
  return cases;
}

const generated = loadGeneratedCases();

describe.runIf(generated !== undefined)("rclone's generated encoder cases", () => {
  it("encodes and decodes every case exactly", () => {
    const failures: string[] = [];
    for (const [i, c] of generated!.entries()) {
      const e = encoderFor(c.mask);
      const got = e.encode(c.input);
      if (got !== c.output) failures.push(`#${i} encode ${JSON.stringify(c.input)} → ${JSON.stringify(got)}`);
      const back = e.decode(c.output);
      if (back !== c.input) failures.push(`#${i} decode ${JSON.stringify(c.output)} → ${JSON.stringify(back)}`);
    }
    expect(generated!.length).toBeGreaterThan(5000);
    expect(failures.slice(0, 10)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Round-trip properties.

/** Characters that exercise every rule: raw specials, their look-alikes, edges. */
const ALPHABET: string[] = (() => {
  const a = new Set<string>();
  for (const ch of "/<>\"'`$:?*|#%\\[];! .~abcXYZ019") a.add(ch);
  for (let c = 0; c <= 0x1f; c++) a.add(String.fromCharCode(c));
  a.add("\x7f");
  for (const ch of "/<>\"'`$:?*|#%\\[];!.~") a.add(String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  for (let c = 0x2400; c <= 0x2421; c++) a.add(String.fromCharCode(c));
  for (const ch of ["é", "\ufffd", "😀", "\u201b", "A", "f"]) a.add(ch);
  for (const b of [0x80, 0xbf, 0xc3, 0xa9, 0xe2, 0xfe, 0xff]) a.add(String.fromCharCode(0xdc00 + b));
  return [...a];
})();

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function randomName(next: () => number, alphabet: string[] = ALPHABET): string {
  const len = 1 + Math.floor(next() * 8);
  let s = "";
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)]!;
  // Escaped bytes must be in canonical form (adjacent ones may spell a character).
  return decodeName(encodeName(s));
}

const ALL_FLAGS = Object.values(Enc).filter((v) => v > 1);

const DOT_FORMS = new Set(["\uff0e", "\uff0e\uff0e", "\u201b\uff0e", "\u201b\uff0e\u201b\uff0e"]);

/**
 * Names rclone's own encoder cannot round-trip, which we mirror rather than
 * fix: its decoder takes a trailing quoted look-alike (`‛．` at the end)
 * before asking whether that quote was itself quoted, so raw names ending in
 * `‛` + a suffix-rule character come back changed; and LeftPeriod can turn
 * ".．" into "．．", which the Dot rule then reads as "..". (300k random
 * names found no other kind.)
 */
function knownIrreversible(name: string, mask: number, encoded: string): boolean {
  const suffixy = (mask & (Enc.RightSpace | Enc.RightPeriod | Enc.RightCrLfHtVt)) !== 0;
  if (suffixy && /\u201b.$/su.test(name)) return true;
  return (mask & Enc.Dot) !== 0 && DOT_FORMS.has(encoded) && !/^(\.\.?|\uff0e\uff0e?)$/.test(name);
}

describe("round-trip properties", () => {
  it("decode(encode(x)) === x for single flags and random combinations", () => {
    const next = rng(12345);
    const masks = [0, ...ALL_FLAGS, ENCODE_STANDARD, ENCODE_BASE | Enc.InvalidUtf8];
    for (let i = 0; i < 200; i++) {
      let m = 0;
      for (const f of ALL_FLAGS) if (next() < 0.3) m |= f;
      masks.push(m);
    }
    let checked = 0;
    const failures: string[] = [];
    for (const mask of masks) {
      const e = encoderFor(mask);
      for (let i = 0; i < 150; i++) {
        const name = randomName(next);
        const enc = e.encode(name);
        if (knownIrreversible(name, mask, enc)) continue;
        const back = e.decode(enc);
        checked++;
        if (back !== name) failures.push(`${formatEncoding(mask)}: ${JSON.stringify(name)} → ${JSON.stringify(enc)} → ${JSON.stringify(back)}`);
      }
    }
    expect(checked).toBeGreaterThan(30000);
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it("encode removes every character the mask forbids", () => {
    const next = rng(777);
    for (const mask of [ENCODE_STANDARD, ENCODE_BASE | ENCODE_WIN | Enc.Ctl | Enc.InvalidUtf8]) {
      const e = encoderFor(mask);
      for (let i = 0; i < 2000; i++) {
        const enc = e.encode(randomName(next));
        expect(enc).not.toMatch(/[\0/]/);
        if (mask & Enc.Ctl) expect(enc).not.toMatch(/[\x01-\x1f]/);
        if (mask & Enc.InvalidUtf8) expect(enc).not.toMatch(/[\udc80-\udcff]/);
        if (mask & Enc.Colon) expect(enc).not.toMatch(/[:?*<>|"]/);
        if (mask & Enc.Dot) expect(enc === "." || enc === "..").toBe(false);
      }
    }
  });

  it("toStandardName(fromStandardName(s)) === s for Standard names", () => {
    const next = rng(4242);
    for (const mask of [ENCODE_BASE, ENCODE_BASE | Enc.InvalidUtf8, ENCODE_BASE | ENCODE_WIN | Enc.BackSlash | Enc.Ctl]) {
      const e = encoderFor(mask);
      for (let i = 0; i < 1000; i++) {
        const std = STANDARD.encode(randomName(next, ALPHABET.filter((c) => c !== "\u201b")));
        expect(e.toStandardName(e.fromStandardName(std))).toBe(std);
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Oracle: rclone's local backend applies ToStandardName to every listed name
// and FromStandardName to every name it creates.

const haveRclone = spawnSync("rclone", ["version"], { env: { ...process.env, RCLONE_CONFIG: "/dev/null" } }).status === 0;

function rclone(args: string[]): Buffer {
  const r = spawnSync("rclone", args, { env: { ...process.env, RCLONE_CONFIG: "/dev/null" }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`rclone ${args.join(" ")} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

function lines(out: Buffer): string[] {
  const list: string[] = [];
  let start = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 0x0a) {
      list.push(decodeName(out.subarray(start, i)));
      start = i + 1;
    }
  }
  return list;
}

/**
 * Masks the 1.60 oracle understands (it has no Raw or Exclamation bit),
 * passed to it numerically so that its own name table does not matter.
 */
const ORACLE_MASKS = [
  ENCODE_BASE,
  ENCODE_BASE | Enc.InvalidUtf8,
  ENCODE_BASE | Enc.InvalidUtf8 | Enc.LeftSpace | Enc.RightSpace,
  ENCODE_BASE | ENCODE_WIN | Enc.BackSlash | Enc.Ctl | Enc.RightSpace | Enc.RightPeriod | Enc.InvalidUtf8,
  Enc.Slash | Enc.LeftPeriod | Enc.LeftTilde | Enc.LeftCrLfHtVt | Enc.RightCrLfHtVt | Enc.CrLf | Enc.Del,
  Enc.Slash | ENCODE_HASH_PERCENT | Enc.SquareBracket | Enc.Semicolon | Enc.Dollar | Enc.BackQuote | Enc.SingleQuote,
  0,
];

describe.runIf(haveRclone)("oracle: rclone lsf / touch with --local-encoding", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Disk names: look-alikes and quotes in every position, plus random ones. */
  function diskNames(): string[] {
    const set = new Set<string>([
      "a／b", "a‛／b", "x‛BFy", "x‛bfy", "‛C3‛A9", "q？．", "␠lead", "‛␠lead", "trail␠", "trail‛␠",
      "．", "．．", "‛．", "‛．‛．", "．hidden", "～home", "‛～home", "␉tab␍", "‛␉tab‛␍", "a␀b", "a‛␀b",
      "＊star＂", "［x］；", "＃％＄｀＇", "␊␍␡", "end．", "end‛．", "‛", "‛‛", "a‛", "␁␟", "‛␁",
      "plain.txt", "a\x01b", "sp ", " sp", bytes("raw\xBF\xFE"), "é\ufffd😀",
    ]);
    const next = rng(99);
    const safe = ALPHABET.filter((c) => c !== "/" && c !== "\0");
    while (set.size < 160) {
      const n = randomName(next, safe);
      if (n !== "." && n !== "..") set.add(n);
    }
    return [...set];
  }

  it("lists on-disk names as ToStandardName does", () => {
    const dir = mkdtempSync(join(tmpdir(), "tclone-enc-"));
    dirs.push(dir);
    const names = diskNames();
    for (const n of names) writeFileSync(Buffer.concat([Buffer.from(dir + "/"), encodeName(n)]), "");
    let compared = 0;
    for (const mask of ORACLE_MASKS) {
      const got = lines(rclone(["lsf", "--files-only", "--local-encoding", `0x${mask.toString(16)}`, dir]));
      const e = new Encoder(mask);
      const want = names.map((n) => e.toStandardName(n));
      expect([...got].sort(compareNames), formatEncoding(mask)).toEqual([...want].sort(compareNames));
      compared += got.length;
    }
    expect(compared).toBe(names.length * ORACLE_MASKS.length);
  });

  it("creates files under the names FromStandardName gives", () => {
    const next = rng(5);
    let created = 0;
    for (const mask of ORACLE_MASKS.slice(0, 5)) {
      const dir = mkdtempSync(join(tmpdir(), "tclone-enc-"));
      dirs.push(dir);
      const e = new Encoder(mask);
      const want = new Set<string>();
      // argv is UTF-8 text: escaped bytes cannot be passed to rclone as arguments.
      const safe = ALPHABET.filter((c) => c !== "\0" && c !== "\u201b" && !/[\udc80-\udcff]/.test(c));
      for (let i = 0; i < 8; i++) {
        const std = STANDARD.encode(randomName(next, safe));
        const onDisk = e.fromStandardName(std);
        if (onDisk.includes("/") || onDisk.includes("\0") || want.has(onDisk)) continue;
        rclone(["touch", "--local-encoding", `0x${mask.toString(16)}`, `${dir}/${std}`]);
        want.add(onDisk);
      }
      const got = readdirSync(dir, { encoding: "buffer" }).map((b) => decodeName(b));
      expect(got.sort(compareNames), formatEncoding(mask)).toEqual([...want].sort(compareNames));
      created += got.length;
    }
    expect(created).toBeGreaterThan(20);
  });
});
