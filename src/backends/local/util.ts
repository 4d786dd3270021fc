/**
 * Small helpers of the local backend: OS paths from name strings, OS errors
 * to FsErrors with Go-style messages, and the time and quoting formats that
 * rclone's messages and metadata use.
 */
import { encodeName, hasSurrogates } from "../../fs/names.js";
import { FsError, type ErrorKind } from "../../fs/errors.js";
import { formatGoTime, GoLayout, parseGoTime } from "../../lib/gotime.js";

/** A path as Node's fs takes it. */
export type OsPath = string | Buffer;

/**
 * The path in the form Node's fs needs. Names are strings whose invalid
 * UTF-8 bytes are lone surrogates; Node would write those as U+FFFD, so such
 * paths go as their exact bytes.
 */
export function osPath(p: string): OsPath {
  return hasSurrogates(p) ? encodeName(p) : p;
}

/** The errno code of an error from Node's fs or the native helper. */
export function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** True if the error says the path (or a parent of it) does not exist. */
export const isNotExist = (err: unknown): boolean => {
  const c = errCode(err);
  return c === "ENOENT" || c === "ENOTDIR";
};

/** True if the error says permission was refused. */
export const isPermission = (err: unknown): boolean => {
  const c = errCode(err);
  return c === "EACCES" || c === "EPERM";
};

/** The OS's text for an error, without Node's "CODE: …, syscall 'path'" wrapping. */
function osText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error)) return String(err);
  const m = /^[A-Z0-9_]+: (.*?), [a-z_0-9]+(?: '.*')?$/s.exec(e.message);
  if (m) return m[1]!;
  const n = /^[a-z_0-9]+: (.*)$/s.exec(e.message);
  return n ? n[1]! : e.message;
}

/** The kind an OS error maps to, unless the caller knows better. */
function kindOf(err: unknown): ErrorKind {
  switch (errCode(err)) {
    case "EACCES":
    case "EPERM":
      return "permissionDenied";
    case "ENOTEMPTY":
      return "directoryNotEmpty";
    case "ENAMETOOLONG":
      return "fileNameTooLong";
    case "EISDIR":
      return "isDir";
    default:
      return err instanceof FsError ? err.kind : "io";
  }
}

/**
 * Wraps an OS error as Go prints one ("lstat /x/y: no such file or
 * directory"), keeping the original as the cause. The path is shown as
 * text even when it is not valid UTF-8.
 */
export function osError(err: unknown, op: string, path: string, kind?: ErrorKind): FsError {
  if (err instanceof FsError) return err;
  return new FsError(kind ?? kindOf(err), `${op} ${path}: ${osText(err)}`, { cause: err });
}

/** Prefixes an error's message ("hash: failed to open: …"), keeping its kind. */
export function prefixError(prefix: string, err: unknown): FsError {
  const kind = err instanceof FsError ? err.kind : kindOf(err);
  const msg = err instanceof Error ? err.message : String(err);
  return new FsError(kind, `${prefix}: ${msg}`, { cause: err });
}

/** Splits nanoseconds since the epoch into whole seconds (floored) and nanoseconds 0..999999999. */
export function splitNs(t: bigint): { sec: number; nsec: number } {
  let sec = t / 1_000_000_000n;
  let nsec = t % 1_000_000_000n;
  if (nsec < 0n) {
    nsec += 1_000_000_000n;
    sec -= 1n;
  }
  return { sec: Number(sec), nsec: Number(nsec) };
}

/** Go's time.RFC3339Nano in the local zone, as rclone writes times into metadata. */
export function formatRfc3339Nano(t: bigint): string {
  return formatGoTime(t, GoLayout.RFC3339Nano);
}

/** Go's %v of a time.Time, as rclone prints times in messages. */
export function formatGoDefault(t: bigint): string {
  return formatGoTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

/** Parses RFC 3339 (with up to nanosecond fractions) to ns since the epoch; undefined if malformed. */
export function parseRfc3339(s: string): bigint | undefined {
  try {
    return parseGoTime(s, GoLayout.RFC3339Nano);
  } catch {
    return undefined;
  }
}
