/**
 * Run statistics (rclone's accounting.StatsInfo): counts of checks,
 * transfers, deletes, renames and errors, bytes moved, what is in flight,
 * and the error bookkeeping that decides retries and the exit code.
 */
import {
  FsError,
  errorMessage,
  isFatal,
  isKind,
  isNoRetry,
  retryAfterOf,
} from "../fs/errors.js";
import type { GlobalOptions } from "../fs/globals.js";
import { formatSizeBitRate, formatSizeByteRate, formatSizeBytes } from "../lib/units.js";

/** One item being checked or transferred, for the in-progress lists. */
export interface InFlight {
  name: string;
  size: number;
  bytes: number;
  started: number;
}

export class Stats {
  bytes = 0;
  errors = 0;
  lastError: unknown = undefined;
  fatalError = false;
  retryError = false;
  retryAfter = 0;
  checks = 0;
  checkQueue = 0;
  checkQueueSize = 0;
  transfers = 0;
  transferQueue = 0;
  transferQueueSize = 0;
  deletes = 0;
  deletesSize = 0;
  deletedDirs = 0;
  renames = 0;
  listed = 0;
  serverSideCopies = 0;
  serverSideCopyBytes = 0;
  serverSideMoves = 0;
  serverSideMoveBytes = 0;
  readonly startTime = Date.now();
  /** Time (ms) spent with at least one transfer running, for the average speed. */
  private transferMs = 0;
  private activeSince = 0;
  private active = 0;
  readonly transferring = new Map<object, InFlight>();
  readonly checking = new Map<object, InFlight>();
  /** Bytes of transfers that finished or are in progress, for --max-transfer. */
  private maxTransferReached = false;

  constructor(private readonly opt: Pick<GlobalOptions, "statsOneLine" | "statsOneLineDate" | "statsUnit" | "statsFileNameLength">) {}

  /**
   * Counts an error once (errors that were already counted are ignored) and
   * records its classification. Returns the error.
   */
  countError(err: unknown): unknown {
    if (err === undefined || err === null) return err;
    if (err instanceof FsError) {
      if (err.counted) return err;
      err.counted = true;
    }
    this.errors++;
    this.lastError = err;
    // A usage error (a bad argument found once the command runs) won't get better by retrying.
    if (isFatal(err)) this.fatalError = true;
    else if (!isNoRetry(err) && !isKind(err, "usage")) this.retryError = true;
    const after = retryAfterOf(err);
    if (after !== undefined && after > this.retryAfter) this.retryAfter = after;
    return err;
  }

  errored(): boolean {
    return this.errors !== 0;
  }

  /** Forgets the errors (between whole-command retries). */
  resetErrors(): void {
    this.errors = 0;
    this.lastError = undefined;
    this.fatalError = false;
    this.retryError = false;
    this.retryAfter = 0;
  }

  /** Resets the counters (not the errors) between retries. */
  resetCounters(): void {
    this.bytes = 0;
    this.checks = 0;
    this.transfers = 0;
    this.deletes = 0;
    this.deletesSize = 0;
    this.deletedDirs = 0;
    this.renames = 0;
    this.listed = 0;
    this.checkQueue = 0;
    this.checkQueueSize = 0;
    this.transferQueue = 0;
    this.transferQueueSize = 0;
    this.serverSideCopies = 0;
    this.serverSideCopyBytes = 0;
    this.serverSideMoves = 0;
    this.serverSideMoveBytes = 0;
  }

  /** An item enters the check queue. */
  queueCheck(size: number): void {
    this.checkQueue++;
    this.checkQueueSize += Math.max(size, 0);
  }
  /** An item enters the transfer queue. */
  queueTransfer(size: number): void {
    this.transferQueue++;
    this.transferQueueSize += Math.max(size, 0);
  }
  dequeueTransfer(size: number): void {
    this.transferQueue--;
    this.transferQueueSize -= Math.max(size, 0);
  }
  dequeueCheck(size: number): void {
    this.checkQueue--;
    this.checkQueueSize -= Math.max(size, 0);
  }

  /** Counts a check that was decided on the spot (nothing was in progress). */
  countCheck(): void {
    this.checks++;
  }

  /** Starts a check of an item; call the returned function when it is done. */
  beginCheck(name: string, size: number): () => void {
    const key = {};
    this.checking.set(key, { name, size, bytes: 0, started: Date.now() });
    return () => {
      this.checking.delete(key);
      this.checks++;
    };
  }

  /** Starts a transfer; returns its accounting handle. */
  beginTransfer(name: string, size: number): TransferAccount {
    const t = new TransferAccount(this, name, size);
    this.transferring.set(t, t.info);
    if (this.active++ === 0) this.activeSince = Date.now();
    return t;
  }

  /** @internal */
  endTransfer(t: TransferAccount, counted: boolean): void {
    if (!this.transferring.delete(t)) return;
    if (counted) this.transfers++;
    if (--this.active === 0) this.transferMs += Date.now() - this.activeSince;
  }

  /** @internal: bytes moved by a transfer. */
  addBytes(n: number): void {
    this.bytes += n;
  }

  /** Average transfer speed in bytes per second. */
  speed(): number {
    const ms = this.transferMs + (this.active > 0 ? Date.now() - this.activeSince : 0);
    return ms > 0 ? (this.bytes * 1000) / ms : 0;
  }

  totals(): { checks: number; transfers: number; bytes: number } {
    let doneInFlight = 0;
    let totalInFlight = 0;
    for (const t of this.transferring.values()) {
      doneInFlight += t.bytes;
      totalInFlight += Math.max(t.size, 0);
    }
    return {
      checks: this.checkQueue + this.checks + this.checking.size,
      transfers: this.transferQueue + this.transfers + this.transferring.size,
      bytes: this.transferQueueSize + this.bytes + totalInFlight - doneInFlight,
    };
  }

  get maxTransferHit(): boolean {
    return this.maxTransferReached;
  }
  set maxTransferHit(v: boolean) {
    this.maxTransferReached = v;
  }

  /** The stats block (or one line) as rclone prints it. */
  toString(now = Date.now()): string {
    const ts = this.totals();
    const speed = this.speed();
    const speedStr = this.opt.statsUnit === "bits" ? formatSizeBitRate(speed * 8) : formatSizeByteRate(speed);
    let out = "";
    let xfrchk = "";
    if (this.opt.statsOneLine) {
      const parts: string[] = [];
      if (ts.transfers > 0 && this.transferQueue > 0) parts.push(`xfr#${this.transfers}/${ts.transfers}`);
      if (ts.checks > 0 && this.checkQueue > 0) parts.push(`chk#${this.checks}/${ts.checks}`);
      if (parts.length > 0) xfrchk = ` (${parts.join(", ")})`;
    } else {
      out += "\nTransferred:   \t";
    }
    out +=
      formatSizeBytes(this.bytes).padStart(13) +
      ` / ${formatSizeBytes(ts.bytes)}, ${percent(this.bytes, ts.bytes)}, ${speedStr}, ETA ${eta(this.bytes, ts.bytes, speed)}${xfrchk}`;
    if (this.opt.statsOneLine) return out;
    out += "\n";
    if (this.errors !== 0) {
      const detail = this.fatalError
        ? " (fatal error encountered)"
        : this.retryError
          ? " (retrying may help)"
          : " (no need to retry)";
      out += `Errors:        ${String(this.errors).padStart(10)}${detail}\n`;
    }
    if (this.checks !== 0 || ts.checks !== 0 || this.listed !== 0) {
      out += `Checks:        ${String(this.checks).padStart(10)} / ${ts.checks}, ${percent(this.checks, ts.checks)}, Listed ${this.listed}\n`;
    }
    if (this.deletes !== 0 || this.deletedDirs !== 0) {
      out += `Deleted:       ${String(this.deletes).padStart(10)} (files), ${this.deletedDirs} (dirs), ${formatSizeBytes(this.deletesSize)} (freed)\n`;
    }
    if (this.renames !== 0) out += `Renamed:       ${String(this.renames).padStart(10)}\n`;
    if (this.transfers !== 0 || ts.transfers !== 0) {
      out += `Transferred:   ${String(this.transfers).padStart(10)} / ${ts.transfers}, ${percent(this.transfers, ts.transfers)}\n`;
    }
    if (this.serverSideCopies !== 0 || this.serverSideCopyBytes !== 0) {
      out += `Server Side Copies:${String(this.serverSideCopies).padStart(6)} @ ${formatSizeBytes(this.serverSideCopyBytes)}\n`;
    }
    if (this.serverSideMoves !== 0 || this.serverSideMoveBytes !== 0) {
      out += `Server Side Moves:${String(this.serverSideMoves).padStart(7)} @ ${formatSizeBytes(this.serverSideMoveBytes)}\n`;
    }
    out += `Elapsed time:  ${elapsedString(now - this.startTime).padStart(10)}s\n`;
    if (this.checking.size > 0) out += `Checking:\n${this.inFlightLines(this.checking, now, false)}\n`;
    if (this.transferring.size > 0) out += `Transferring:\n${this.inFlightLines(this.transferring, now, true)}\n`;
    return out;
  }

  private inFlightLines(m: Map<object, InFlight>, now: number, withProgress: boolean): string {
    const max = this.opt.statsFileNameLength;
    const lines: string[] = [];
    for (const t of m.values()) {
      const name = shortenName(t.name, max);
      if (!withProgress) {
        lines.push(` * ${name.padStart(45)}: checking`);
        continue;
      }
      const secs = Math.max((now - t.started) / 1000, 1e-9);
      const sp = t.bytes / secs;
      const pct = t.size > 0 ? Math.floor((100 * t.bytes) / t.size) : 0;
      lines.push(
        ` * ${name.padStart(45)}:${String(pct).padStart(3)}% /${formatSizeBytes(t.size)}, ${formatSizeByteRate(sp)}, ${eta(t.bytes, t.size, sp)}`,
      );
    }
    return lines.join("\n");
  }

  /** A one-line summary of errors for the final message. */
  lastErrorMessage(): string {
    return errorMessage(this.lastError);
  }
}

/** Accounts the bytes of one transfer. */
export class TransferAccount {
  readonly info: InFlight;
  private done = false;
  constructor(
    private readonly stats: Stats,
    name: string,
    size: number,
  ) {
    this.info = { name, size, bytes: 0, started: Date.now() };
  }
  /** Counts bytes read or written by this transfer. */
  add(n: number): void {
    this.info.bytes += n;
    this.stats.addBytes(n);
  }
  get bytes(): number {
    return this.info.bytes;
  }
  /** Takes back the bytes counted so far (before a retry). */
  reset(): void {
    this.stats.addBytes(-this.info.bytes);
    this.info.bytes = 0;
  }
  /** Ends the transfer; counted = it is a completed transfer for the stats. */
  finish(counted: boolean): void {
    if (this.done) return;
    this.done = true;
    this.stats.endTransfer(this, counted);
  }
}

function percent(a: number, b: number): string {
  if (b <= 0) return "-";
  return `${Math.round((100 * a) / b)}%`;
}

function eta(done: number, total: number, speed: number): string {
  if (total <= 0 || speed <= 0) return "-";
  const left = total - done;
  if (left <= 0) return "0s";
  const secs = Math.round(left / speed);
  return shortDuration(secs);
}

/** Go's time.Duration String for whole seconds ("1m2s", "1h0m0s", "5s"). */
function shortDuration(secs: number): string {
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** rclone's elapsed time without its final "s": whole minutes/hours in readable form plus seconds with one decimal. */
function elapsedString(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const totalSecs = Math.floor(tenths / 10);
  const secPart = ((tenths % 600) / 10).toFixed(1);
  const mins = Math.floor(totalSecs / 60);
  let prefix = "";
  if (mins > 0) {
    const d = Math.floor(mins / 1440);
    const h = Math.floor((mins % 1440) / 60);
    const m = mins % 60;
    if (d > 0) prefix += `${d}d`;
    if (h > 0) prefix += `${h}h`;
    if (m > 0) prefix += `${m}m`;
  }
  return `${prefix}${secPart}`;
}

/** Shortens a name to max characters with "…" in the middle (0 = no limit). */
export function shortenName(name: string, max: number): string {
  if (max <= 0) return name;
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  return chars.slice(0, head).join("") + "…" + chars.slice(chars.length - tail).join("");
}
