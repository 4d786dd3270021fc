/**
 * Temporary trees with the names that break naive tools: spaces, NFC and
 * NFD forms of the same word, `<>&"'`, a control character, bytes that are
 * not UTF-8, a leading space, `;` and `,`, empty files, an empty directory,
 * nested directories and a hidden file; and modification times with
 * nanoseconds, before 1970 and after 2038. Plus snapshots, to prove that a
 * failed command changed nothing.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temp directory and its removal. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A path inside root from a name that may hold bytes that are not UTF-8. */
function at(root: string, rel: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(root + "/"), typeof rel === "string" ? Buffer.from(rel) : rel]);
}

/** Writes a file (making its directories), the name given as text or bytes. */
export function writeFile(root: string, rel: string | Buffer, content: string | Buffer): void {
  const p = at(root, rel);
  const slash = p.lastIndexOf(0x2f);
  mkdirSync(p.subarray(0, slash), { recursive: true });
  writeFileSync(p, content);
}

/**
 * Sets the modification time of paths with touch(1), which takes
 * nanoseconds ("@1354040105.123456789"); Node's utimes stops at microseconds.
 * The paths are passed by find(1) so that any bytes work in names.
 */
export function touchAll(root: string, when: string): void {
  execFileSync("find", [root, "-exec", "touch", "-h", "-d", when, "{}", "+"], { stdio: "pipe" });
}

/** Sets the modification time of one (UTF-8 named) path. */
export function touch(path: string, when: string, tz = "UTC"): void {
  execFileSync("touch", ["-h", "-d", when, "--", path], { stdio: "pipe", env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", TZ: tz } });
}

/** Deterministic bytes, so that hashes are stable from run to run. */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** The base modification time of every path in the odd tree. */
export const BASE_MTIME = "@1354040105.123456789";

/** Names in the odd tree that deserve a mention in tests. */
export const ODD = {
  nfc: "caf\u00e9 nfc.txt",
  nfd: "cafe\u0301 nfd.txt",
  specials: `with space/f <>&"'.txt`,
  control: "ctl\u0001x",
  /** "bad" + 0xff 0xfe + "name": not UTF-8. */
  invalid: Buffer.concat([Buffer.from("bad"), Buffer.from([0xff, 0xfe]), Buffer.from("name")]),
  leadingSpace: " leading space",
  separators: "semi;colon,comma.csv",
  deep: "sub/deep/d.bin",
  hidden: "sub/.hidden",
} as const;

/**
 * Builds the odd tree under root (which must exist) and sets its times:
 * everything at BASE_MTIME except a few files with times of their own.
 */
export function makeOddTree(root: string): void {
  writeFile(root, "a.txt", "hello\n");
  writeFile(root, "empty", "");
  writeFile(root, ODD.specials, "x\n");
  writeFile(root, ODD.nfc, "NFC\n");
  writeFile(root, ODD.nfd, "NFD form\n");
  writeFile(root, ODD.control, "ctl\n");
  writeFile(root, ODD.invalid, "bad bytes\n");
  writeFile(root, ODD.leadingSpace, "sp\n");
  writeFile(root, ODD.separators, "1,2\n");
  writeFile(root, `quote"in"name`, "q\n");
  writeFile(root, "\u65e5\u672c\u8a9e/\u00fc.md", "# \u00fc\n");
  writeFile(root, ODD.deep, bytes(3000));
  writeFile(root, "sub/s.json", '{"a":1}\n');
  writeFile(root, ODD.hidden, "hidden\n");
  mkdirSync(join(root, "emptydir"));
  touchAll(root, BASE_MTIME);
  touch(join(root, ODD.deep), "@1600000000.5");
  touch(join(root, ODD.specials), "@1000000000.000000001");
  touch(join(root, "a.txt"), "@-86400.25");
  touch(join(root, "empty"), "@4102444800.999999999");
}

/** Copies a tree with cp -a (times to the nanosecond, any names). */
export function copyTree(from: string, to: string): void {
  execFileSync("cp", ["-a", from, to], { stdio: "pipe" });
}

/**
 * Everything about a tree that a command could change: for each path (as
 * bytes, shown latin1) its type, mode, size, modification time to the
 * nanosecond and content hash; directories included.
 */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (rel: Buffer): void => {
    const p = rel.length === 0 ? Buffer.from(root) : at(root, rel);
    const st = lstatSync(p, { bigint: true });
    const key = rel.toString("latin1");
    if (st.isDirectory()) {
      out.set(key, `dir ${st.mode.toString(8)} ${st.mtimeNs}`);
      for (const name of readdirSync(p, { encoding: "buffer" })) {
        visit(rel.length === 0 ? name : Buffer.concat([rel, Buffer.from("/"), name]));
      }
    } else {
      const sum = st.isFile() ? createHash("sha1").update(readFileSync(p)).digest("hex") : "-";
      out.set(key, `${st.isFile() ? "file" : "other"} ${st.mode.toString(8)} ${st.size} ${st.mtimeNs} ${sum}`);
    }
  };
  visit(Buffer.alloc(0));
  return out;
}

/** The snapshot as sorted lines, for readable test failures. */
export function snapshotLines(root: string): string[] {
  return [...snapshot(root)].map(([k, v]) => `${k}: ${v}`).sort();
}
