/**
 * lib/gojson: Go's encoding/json output, checked against known Go outputs
 * and against rclone itself (lsjson lines rebuilt field by field; `config
 * dump` for MarshalIndent, sorted map keys and control characters).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeName, encodeName } from "../../../src/fs/names.js";
import { ENCODE_BASE, Encoder } from "../../../src/lib/encoder.js";
import { goJsonFloat, goJsonString, goJsonStringify } from "../../../src/lib/gojson.js";
import { formatGoTime, lsjsonTimeLayout } from "../../../src/lib/gotime.js";
import { resetLocalZone } from "../../../src/lib/gozone.js";
import { mimeTypeByName } from "../../../src/lib/mime.js";

describe("goJsonString", () => {
  it("escapes as Go does", () => {
    expect(goJsonString("plain")).toBe('"plain"');
    expect(goJsonString("a<b>c&d")).toBe('"a\\u003cb\\u003ec\\u0026d"');
    expect(goJsonString('q"b\\s/')).toBe('"q\\"b\\\\s/"');
    expect(goJsonString("\b\f\n\r\t\x00\x01\x1f\x7f")).toBe('"\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f\x7f"');
    expect(goJsonString("\u2028\u2029\u2027")).toBe('"\\u2028\\u2029\u2027"');
    expect(goJsonString("é😀\ufffd")).toBe('"é😀\ufffd"');
  });

  it("turns each invalid byte into \\ufffd", () => {
    expect(goJsonString(decodeName(Buffer.from([0x61, 0xbf, 0xfe, 0x62])))).toBe('"a\\ufffd\\ufffdb"');
    expect(goJsonString(decodeName(Buffer.from([0xe2, 0x82])))).toBe('"\\ufffd\\ufffd"');
    expect(goJsonString("\ud800x")).toBe('"\\ufffdx"'); // a lone high surrogate is no character either
  });
});

describe("goJsonFloat / numbers", () => {
  it("prints floats in Go's shortest form", () => {
    const cases: Array<[number, string]> = [
      [0, "0"], [-0, "-0"], [1, "1"], [-1.5, "-1.5"], [0.1, "0.1"], [1e20, "100000000000000000000"],
      [1e21, "1e+21"], [1.5e300, "1.5e+300"], [1e-6, "0.000001"], [1e-7, "1e-7"], [1.25e-10, "1.25e-10"],
      [5e-324, "5e-324"], [123456789.123, "123456789.123"], [Number.MAX_SAFE_INTEGER, "9007199254740991"],
    ];
    for (const [f, want] of cases) expect(goJsonFloat(f), String(f)).toBe(want);
    expect(() => goJsonFloat(NaN)).toThrow("json: unsupported value: NaN");
    expect(() => goJsonFloat(-Infinity)).toThrow("json: unsupported value: -Inf");
  });

  it("prints bigint as an integer", () => {
    expect(goJsonStringify(2n ** 63n - 1n)).toBe("9223372036854775807");
    expect(goJsonStringify(-5n)).toBe("-5");
  });
});

describe("goJsonStringify", () => {
  const value = {
    Path: "a<b",
    Size: -1,
    Hashes: new Map([
      ["sha1", "x"],
      ["md5", "y"],
      ["MD5", "z"],
    ]),
    Skip: undefined,
    Empty: {},
    List: [],
    Items: [1, "two", null, true, undefined, new Uint8Array([1, 2, 255])],
  };

  it("keeps struct order, sorts map keys, omits undefined fields", () => {
    expect(goJsonStringify(value)).toBe(
      '{"Path":"a\\u003cb","Size":-1,"Hashes":{"MD5":"z","md5":"y","sha1":"x"},"Empty":{},"List":[],' +
        '"Items":[1,"two",null,true,null,"AQL/"]}',
    );
  });

  it("lays out MarshalIndent like Go, prefix on every line but the first", () => {
    expect(goJsonStringify(value, "\t")).toBe(
      [
        "{",
        '\t"Path": "a\\u003cb",',
        '\t"Size": -1,',
        '\t"Hashes": {',
        '\t\t"MD5": "z",',
        '\t\t"md5": "y",',
        '\t\t"sha1": "x"',
        "\t},",
        '\t"Empty": {},',
        '\t"List": [],',
        '\t"Items": [',
        "\t\t1,",
        '\t\t"two",',
        "\t\tnull,",
        "\t\ttrue,",
        "\t\tnull,",
        '\t\t"AQL/"',
        "\t]",
        "}",
      ].join("\n"),
    );
    expect(goJsonStringify({ a: [1] }, "  ", ">")).toBe('{\n>  "a": [\n>    1\n>  ]\n>}');
    expect(goJsonStringify({}, "  ")).toBe("{}");
    expect(goJsonStringify([], "  ")).toBe("[]");
    expect(goJsonStringify({ a: 1 }, "")).toBe('{\n"a": 1\n}');
  });

  it("rejects what Go cannot marshal", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => goJsonStringify(cyclic)).toThrow("cycle");
    expect(() => goJsonStringify({ f: () => 1 })).toThrow("unsupported type: function");
    expect(goJsonStringify(undefined)).toBe("null");
  });
});

// ---------------------------------------------------------------------------

const haveRclone = spawnSync("rclone", ["version"], { env: { ...process.env, RCLONE_CONFIG: "/dev/null" } }).status === 0;
const tmp = mkdtempSync(join(tmpdir(), "tclone-json-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** rclone 1.60 is built with Go 1.19, which wrote \b and \f as \u0008 and \u000c. */
function fromGo119(s: string): string {
  return s.replaceAll("\\u0008", "\\b").replaceAll("\\u000c", "\\f");
}

describe.runIf(haveRclone)("oracle: rclone", () => {
  it("lsjson lines are our goJsonStringify of the same fields", () => {
    const dir = join(tmp, "ls");
    mkdirSync(dir);
    const raw: Buffer[] = [
      "a<b>&c.txt", 'q"uote\\back.json', "tab\there", "line\u2028sep", "para\u2029sep", "é😀.md", "ctl\x01\x7f",
      "a／b", "plain",
    ].map((s) => Buffer.from(s));
    raw.push(Buffer.from([0x62, 0x61, 0x64, 0xbf, 0xfe, 0x2e, 0x70, 0x6e, 0x67]));
    for (const b of raw) writeFileSync(Buffer.concat([Buffer.from(dir + "/"), b]), "xyz");
    mkdirSync(join(dir, "sub<dir>"));
    const r = spawnSync("rclone", ["lsjson", dir], { env: { ...process.env, RCLONE_CONFIG: "/dev/null", TZ: "Asia/Kolkata" } });
    expect(r.status).toBe(0);
    const got = r.stdout.toString("utf8").split("\n");

    const savedTz = process.env.TZ;
    process.env.TZ = "Asia/Kolkata";
    resetLocalZone();
    try {
      const local = new Encoder(ENCODE_BASE);
      const lines: string[] = [];
      const entries = readdirSync(dir, { encoding: "buffer" }).map((b) => ({ b, name: local.toStandardName(decodeName(b)) }));
      entries.sort((x, y) => Buffer.compare(encodeName(x.name), encodeName(y.name)));
      for (const { b, name } of entries) {
        const st = statSync(Buffer.concat([Buffer.from(dir + "/"), b]), { bigint: true });
        const isDir = st.isDirectory();
        lines.push(
          goJsonStringify({
            Path: name,
            Name: name,
            Size: isDir ? -1 : Number(st.size),
            MimeType: isDir ? "inode/directory" : mimeTypeByName(name),
            ModTime: formatGoTime(st.mtimeNs, lsjsonTimeLayout(1n)),
            IsDir: isDir,
          }),
        );
      }
      expect(got).toEqual(["[", lines.join(",\n"), "]", ""].join("\n").split("\n"));
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
      resetLocalZone();
    }
  });

  it("config dump is MarshalIndent of a sorted map, with Go's escapes", () => {
    const conf = join(tmp, "rclone.conf");
    const weird = "x\by\fz\x01\x7f<>&\"\\\u2028é";
    writeFileSync(
      conf,
      Buffer.concat([
        Buffer.from(`[zz]\ntype = local\nb = ${weird}`),
        Buffer.from([0xbf]),
        Buffer.from("\nA = upper\n\n[aa]\ntype = alias\nremote = /tmp\n\n[m]\n"),
      ]),
    );
    const r = spawnSync("rclone", ["config", "dump"], { env: { ...process.env, RCLONE_CONFIG: conf }, encoding: "utf8" });
    expect(r.status).toBe(0);
    const dump = new Map<string, Map<string, string>>([
      ["zz", new Map([["type", "local"], ["b", weird + "\udcbf"], ["A", "upper"]])],
      ["aa", new Map([["type", "alias"], ["remote", "/tmp"]])],
      ["m", new Map()],
    ]);
    // config dump writes no final newline.
    expect(fromGo119(r.stdout)).toBe(goJsonStringify(dump, "    "));
  });
});
