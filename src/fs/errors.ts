/**
 * Typed errors. Every error the engine acts on carries a kind (what went
 * wrong) and a classification (may a retry help?). Code never matches on
 * message text; the messages are rclone's so that output reads the same.
 */

/** The sentinel error kinds of rclone's fs package, plus tclone's own. */
export const ERROR_MESSAGES = {
  notFoundInConfigFile: "didn't find section in config file",
  cantPurge: "can't purge directory",
  cantCopy: "can't copy object - incompatible remotes",
  cantMove: "can't move object - incompatible remotes",
  cantDirMove: "can't move directory - incompatible remotes",
  cantUploadEmptyFiles: "can't upload empty files to this remote",
  dirExists: "can't copy directory - destination already exists",
  cantSetModTime: "can't set modified time",
  cantSetModTimeWithoutDelete: "can't set modified time without deleting existing object",
  dirNotFound: "directory not found",
  objectNotFound: "object not found",
  levelNotSupported: "level value not supported",
  listAborted: "list aborted",
  listBucketRequired: "bucket or container name is needed in remote",
  isFile: "is a file not a directory",
  isDir: "is a directory not a file",
  notAFile: "is not a regular file",
  notDeleting: "not deleting files as there were IO errors",
  notDeletingDirs: "not deleting directories as there were IO errors",
  overlapping:
    "can't sync or move files on overlapping remotes (try excluding the destination with a filter rule)",
  directoryNotEmpty: "directory not empty",
  immutableModified: "immutable file modified",
  permissionDenied: "permission denied",
  cantShareDirectories: "this backend can't share directories with link",
  notImplemented: "optional feature not implemented",
  commandNotFound: "command not found",
  fileNameTooLong: "file name too long",
  cantListRoot: "can't list root",
  fileTooSmall: "file too small for multipart upload",
  rangeIgnored: "server ignored requested range",
  hashUnsupported: "hash type not supported",
  maxTransferLimitReached: "max transfer limit reached as set by --max-transfer",
  maxDurationReached: "max transfer duration reached as set by --max-duration",
  maxDeleteReached: "--max-delete threshold reached",
  // tclone kinds that rclone expresses as ad-hoc errors.
  usage: "usage error",
  config: "configuration error",
  badPassword: "wrong configuration password",
  corrupted: "corrupted on transfer",
  aborted: "operation aborted",
  io: "input/output error",
  auth: "authentication failed",
  other: "error",
} as const;

export type ErrorKind = keyof typeof ERROR_MESSAGES;

/** How the retry machinery should treat an error. */
export interface ErrorClass {
  /** Retrying the whole command may help (rclone's RetryError). */
  retry?: boolean;
  /** Stop everything at once; no retries (rclone's FatalError). */
  fatal?: boolean;
  /** Counted, but retrying the command would not help. */
  noRetry?: boolean;
  /** Do not retry inside the copy loop. */
  noLowLevelRetry?: boolean;
  /** Earliest time (ms since epoch) a retry may be made. */
  retryAfter?: number;
}

export interface FsErrorOptions extends ErrorClass {
  cause?: unknown;
}

/** An error with a kind and a retry classification. */
export class FsError extends Error {
  readonly kind: ErrorKind;
  retry: boolean;
  fatal: boolean;
  noRetry: boolean;
  noLowLevelRetry: boolean;
  retryAfter: number | undefined;
  /** Set once the error has been counted in the stats. */
  counted = false;

  constructor(kind: ErrorKind, message?: string, opts: FsErrorOptions = {}) {
    super(message ?? ERROR_MESSAGES[kind], opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "FsError";
    this.kind = kind;
    this.retry = opts.retry ?? false;
    this.fatal = opts.fatal ?? false;
    this.noRetry = opts.noRetry ?? false;
    this.noLowLevelRetry = opts.noLowLevelRetry ?? false;
    this.retryAfter = opts.retryAfter;
  }
}

/** Makes the sentinel error of a kind, optionally with its own message. */
export function fsError(kind: ErrorKind, message?: string, opts?: FsErrorOptions): FsError {
  return new FsError(kind, message, opts);
}

/** The error message of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Wraps an error with a prefix ("prefix: inner message"), keeping the inner
 * error's kind and classification, like Go's fmt.Errorf("…: %w", err).
 */
export function wrapError(prefix: string, err: unknown): FsError {
  const inner = err instanceof FsError ? err : undefined;
  const kind = inner?.kind ?? (errorKind(err) ?? "other");
  const e = new FsError(kind, `${prefix}: ${errorMessage(err)}`, { cause: err });
  if (inner) {
    e.retry = inner.retry;
    e.fatal = inner.fatal;
    e.noRetry = inner.noRetry;
    e.noLowLevelRetry = inner.noLowLevelRetry;
    e.retryAfter = inner.retryAfter;
    e.counted = inner.counted;
  }
  return e;
}

function* causeChain(err: unknown): Generator<unknown> {
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 32; depth++) {
    yield cur;
    if (cur instanceof AggregateError) {
      for (const e of cur.errors) yield* causeChain(e);
    }
    cur = cur instanceof Error ? cur.cause : undefined;
  }
}

/** The kind of an error: its own, or the first one found down its cause chain. */
export function errorKind(err: unknown): ErrorKind | undefined {
  for (const e of causeChain(err)) {
    if (e instanceof FsError && e.kind !== "other") return e.kind;
  }
  return undefined;
}

/** True if the error, or one it wraps, is of the given kind. */
export function isKind(err: unknown, kind: ErrorKind): boolean {
  for (const e of causeChain(err)) {
    if (e instanceof FsError && e.kind === kind) return true;
  }
  return false;
}

function flagged(err: unknown, flag: "retry" | "fatal" | "noRetry" | "noLowLevelRetry"): boolean {
  for (const e of causeChain(err)) {
    if (e instanceof FsError && e[flag]) return true;
  }
  return false;
}

export const isFatal = (err: unknown): boolean => flagged(err, "fatal");
export const isNoRetry = (err: unknown): boolean => flagged(err, "noRetry");
export const isNoLowLevelRetry = (err: unknown): boolean => flagged(err, "noLowLevelRetry");
export const isRetryMarked = (err: unknown): boolean => flagged(err, "retry");

/** Marks an error fatal (stop everything). Returns it for throwing. */
export function fatalError(err: unknown): FsError {
  const e = asFsError(err);
  e.fatal = true;
  return e;
}

/** Marks an error as one that a retry of the whole command would not fix. */
export function noRetryError(err: unknown): FsError {
  const e = asFsError(err);
  e.noRetry = true;
  return e;
}

/** Marks an error as worth retrying at the high level. */
export function retryError(err: unknown, retryAfter?: number): FsError {
  const e = asFsError(err);
  e.retry = true;
  if (retryAfter !== undefined) e.retryAfter = retryAfter;
  return e;
}

/** Marks an error as not worth retrying inside the copy loop. */
export function noLowLevelRetryError(err: unknown): FsError {
  const e = asFsError(err);
  e.noLowLevelRetry = true;
  return e;
}

/** Returns err itself if it is an FsError, else wraps it (same message). */
export function asFsError(err: unknown): FsError {
  if (err instanceof FsError) return err;
  const e = new FsError(errorKind(err) ?? "other", errorMessage(err), { cause: err });
  return e;
}

const RETRIABLE_CODES = new Set([
  "EPIPE",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "ECONNABORTED",
  "EAGAIN",
  "EWOULDBLOCK",
  "ECONNRESET",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ERR_STREAM_PREMATURE_CLOSE",
]);

const RETRIABLE_TEXT = [
  "use of closed network connection",
  "unexpected EOF reading trailer",
  "transport connection broken",
  "http: ContentLength=",
  "server closed idle connection",
  "bad record MAC",
  "stream error:",
  "http2: server sent GOAWAY",
  "tls: use of closed connection",
  "socket hang up",
  "other side closed",
];

/**
 * rclone's low-level ShouldRetry: a retry-marked error, a network error, or
 * an unexpected end of stream.
 */
export function shouldRetry(err: unknown): boolean {
  if (err === undefined || err === null) return false;
  for (const e of causeChain(err)) {
    if (e instanceof FsError) {
      if (e.retry) return true;
      if (e.fatal || e.noRetry || e.noLowLevelRetry) return false;
    }
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code !== undefined && RETRIABLE_CODES.has(code)) return true;
    if (e instanceof Error) {
      if (e.message === "EOF" || e.message === "unexpected EOF") return true;
      if (RETRIABLE_TEXT.some((t) => e.message.includes(t))) return true;
    }
  }
  return false;
}

/** The largest Retry-After time in the chain, if any. */
export function retryAfterOf(err: unknown): number | undefined {
  let best: number | undefined;
  for (const e of causeChain(err)) {
    if (e instanceof FsError && e.retryAfter !== undefined) {
      best = best === undefined ? e.retryAfter : Math.max(best, e.retryAfter);
    }
  }
  return best;
}

/**
 * Thrown by a backend factory when the root names a file: the Fs it carries
 * is rooted at the file's parent directory (rclone's ErrorIsFile convention).
 */
export class IsFileError extends FsError {
  constructor(
    readonly fs: import("./types.js").Fs,
    readonly leaf: string,
  ) {
    super("isFile");
    this.name = "IsFileError";
  }
}
