/**
 * Reading the `--*-from` files: one entry per line (or per NUL-terminated
 * record), `-` meaning standard input, with rclone's trimming and comment
 * rules.
 */
import { readFile } from "../lib/fsp.js";
import { FsError } from "../fs/errors.js";
import { decodeName } from "../fs/names.js";

/** Where the `--*-from` files come from; tests and library users may substitute their own. */
export interface FilterIO {
  /** The whole text of a file. Default: the file read from disk, invalid UTF-8 kept byte-exact. */
  readFile?(path: string): Promise<string>;
  /** All of standard input. Default: process.stdin, read once (later reads get ""). */
  stdin?(): Promise<string>;
}

let stdinConsumed = false;

async function readProcessStdin(): Promise<string> {
  // Like Go reading os.Stdin twice: the second reader finds it at EOF.
  if (stdinConsumed) return "";
  stdinConsumed = true;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return decodeName(Buffer.concat(chunks));
}

async function readDiskFile(path: string): Promise<string> {
  try {
    return decodeName(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file or directory" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : String(err);
    // Go's *PathError text, which is what rclone shows.
    const op = code === "EISDIR" ? "read" : "open";
    throw new FsError("usage", `${op} ${path}: ${why}`, { cause: err });
  }
}

// Go's unicode.IsSpace, which is what strings.TrimSpace trims (JS's trim() differs: it trims U+FEFF, not U+0085).
const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, "g");

/** Go's strings.TrimSpace. */
export function trimSpace(s: string): string {
  return s.replace(TRIM, "");
}

/**
 * Splits text into entries the way rclone scans a `--*-from` file.
 * Lines end at `\n` with one trailing `\r` dropped (raw or not); nul: records
 * end at NUL instead, verbatim. Unless raw, lines are trimmed and empty lines
 * and lines starting `#` or `;` are skipped.
 */
export function splitEntries(text: string, raw: boolean, nul: boolean): string[] {
  if (text === "") return [];
  const sep = nul ? "\0" : "\n";
  const parts = text.split(sep);
  // A final separator does not start another (empty) entry.
  if (parts[parts.length - 1] === "") parts.pop();
  const out: string[] = [];
  for (let p of parts) {
    if (!nul && p.endsWith("\r")) p = p.slice(0, -1);
    if (!raw) {
      p = trimSpace(p);
      if (p === "" || p[0] === "#" || p[0] === ";") continue;
    }
    out.push(p);
  }
  return out;
}

/** Reads the entries of a `--*-from` file (`-` for stdin). */
export async function readEntries(path: string, raw: boolean, nul: boolean, io: FilterIO = {}): Promise<string[]> {
  const text = path === "-" ? await (io.stdin ?? readProcessStdin)() : await (io.readFile ?? readDiskFile)(path);
  return splitEntries(text, raw, nul);
}
