/**
 * The pacer every backend puts its API calls through (rclone's lib/pacer):
 * it spaces calls out, backs off when the service pushes back, retries
 * calls that failed in a retriable way, and can cap transactions per second.
 *
 * Pacing works like one token handed round all callers: a call may start
 * only when it holds the token, and the token comes back the current sleep
 * time after it was taken. So at most one call starts per sleep interval,
 * however many callers there are, and they start in the order they asked.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Context } from "../fs/context.js";
import { errorMessage, FsError, retryAfterOf, retryError, shouldRetry as isRetriable } from "../fs/errors.js";
import type { GlobalOptions } from "../fs/globals.js";
import type { Logger } from "../fs/log.js";
import { formatGoDuration } from "./units.js";

/** What a Calculator sees after each call. Times are in milliseconds. */
export interface PacerState {
  /** The sleep time before this call ended. */
  sleepTime: number;
  /** Calls in a row that asked to be retried; 0 after one that did not. */
  consecutiveRetries: number;
  /** How long the service asked us to wait (Retry-After), if it did. */
  retryAfter: number | undefined;
}

/** Works out the next sleep time (ms) from the state after a call. */
export type Calculator = (state: Readonly<PacerState>) => number;

/** Tuning of the default and S3 calculators. Times are in milliseconds. */
export interface SleepOptions {
  /** Shortest sleep between calls; default 10. */
  minSleep?: number;
  /** Longest sleep reached by backing off; default 2000. */
  maxSleep?: number;
  /** On success the sleep shrinks by a factor of (2^k − 1)/2^k; default 2 (×¾). */
  decayConstant?: number;
  /** On a retry the sleep grows by 2^k/(2^k − 1), 0 meaning straight to maxSleep; default 1 (×2). */
  attackConstant?: number;
}

interface Tuning {
  minSleep: number;
  maxSleep: number;
  decay: number;
  attack: number;
}

function tuning(o: SleepOptions, minSleep: number): Tuning {
  return {
    minSleep: o.minSleep ?? minSleep,
    maxSleep: o.maxSleep ?? 2000,
    decay: 2 ** (o.decayConstant ?? 2),
    attack: 2 ** (o.attackConstant ?? 1),
  };
}

/** Grows the sleep after a retriable error, capped at maxSleep. */
function attack(t: Tuning, sleep: number): number {
  if (t.attack === 1) return t.maxSleep;
  return Math.min((sleep * t.attack) / (t.attack - 1), t.maxSleep);
}

/** Shrinks the sleep after a call that needs no retry. */
function decay(t: Tuning, sleep: number): number {
  return (sleep * (t.decay - 1)) / t.decay;
}

/**
 * rclone's default calculator: truncated exponential attack and decay
 * between minSleep and maxSleep; a Retry-After sets the sleep outright
 * (never below minSleep).
 */
export function defaultCalculator(o: SleepOptions = {}): Calculator {
  const t = tuning(o, 10);
  return (s) => {
    if (s.retryAfter !== undefined) return Math.max(s.retryAfter, t.minSleep);
    if (s.consecutiveRetries > 0) return attack(t, s.sleepTime);
    return Math.max(decay(t, s.sleepTime), t.minSleep);
  };
}

/**
 * rclone's S3 calculator: like the default one, but it decays to no sleep
 * at all (minSleep default 0), because S3 seldom pushes back and pacing
 * every call would only slow it down.
 */
export function s3Calculator(o: SleepOptions = {}): Calculator {
  const t = tuning(o, 0);
  return (s) => {
    if (s.retryAfter !== undefined) return Math.max(s.retryAfter, t.minSleep);
    if (s.consecutiveRetries > 0) {
      if (t.attack === 1) return t.maxSleep;
      return s.sleepTime === 0 ? t.minSleep : attack(t, s.sleepTime);
    }
    const next = decay(t, s.sleepTime);
    return next < t.minSleep ? 0 : next;
  };
}

/**
 * A verdict on a failed call: retry it or not, and optionally how long (ms)
 * the service asked us to wait first. When `after` is absent the error's own
 * Retry-After (FsError.retryAfter, see retryAfterOf) is used.
 */
export type RetryDecision = boolean | { retry: boolean; after?: number };

/** Classifies an error thrown by a paced call. */
export type ShouldRetry = (err: unknown) => RetryDecision;

const now = (): number => performance.now();

/** Resolves after ms, or rejects with an "aborted" FsError when the signal fires. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortedError(signal: AbortSignal): FsError {
  return new FsError("aborted", undefined, { cause: signal.reason, noRetry: true });
}

/**
 * A token bucket (--tpslimit, --tpslimit-burst): `rate` tokens a second
 * flow into a bucket holding at most `burst`; each transaction takes one.
 * It starts full, so an idle client may make `burst` calls at once.
 */
export class TokenBucket {
  private tokens: number;
  private last = now();
  readonly burst: number;

  /** @param rate tokens per second (> 0). @param burst bucket size, at least 1. */
  constructor(
    readonly rate: number,
    burst = 1,
  ) {
    if (!(rate > 0)) throw new FsError("usage", `tpslimit must be positive, not ${rate}`);
    this.burst = Math.max(1, Math.floor(burst));
    this.tokens = this.burst;
  }

  /**
   * Takes a token now, going into debt if there is none, and returns how
   * long (ms) the caller must wait before using it. Debts queue callers up
   * in the order they asked.
   */
  reserve(): number {
    const t = now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.rate) / 1000);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.rate;
  }

  /** Waits until the caller may make one transaction. */
  async take(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await sleep(Math.ceil(wait), signal);
  }
}

/** A counting semaphore with first-come first-served waiters. */
class Semaphore {
  private readonly waiters: Array<() => void> = [];
  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

/** Options of a Pacer. Times are in milliseconds. */
export interface PacerOptions extends SleepOptions {
  /** How sleep times evolve; by default defaultCalculator(these options). */
  calculator?: Calculator;
  /** Attempts per call before giving up (--low-level-retries); default 10. */
  retries?: number;
  /** Calls in flight at once, 0 for no limit (--max-connections); default 0. */
  maxConnections?: number;
  /** Transactions per second (--tpslimit); 0 or absent for no limit. */
  tpsLimit?: number;
  /** Burst for tpsLimit (--tpslimit-burst); default 1. */
  tpsBurst?: number;
  /** A bucket shared with other pacers; wins over tpsLimit. */
  tokenBucket?: TokenBucket;
  /** Aborts waits and stops retries. */
  signal?: AbortSignal;
  /** Gets rclone's DEBUG lines about retries and sleep changes. */
  log?: Logger;
}

/** Paces, retries and rate-limits the calls of one backend instance. */
export class Pacer {
  /** Attempts per call before the last error is returned. */
  retries: number;
  private readonly calculator: Calculator;
  private readonly state: PacerState;
  private readonly bucket: TokenBucket | undefined;
  private readonly conns: Semaphore | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly log: Logger | undefined;
  /** When (performance.now() ms) the pacing token is back. */
  private tokenAt = 0;
  /** Tail of the queue of callers waiting for the token. */
  private queue: Promise<void> = Promise.resolve();

  /** Pacers whose call is running in the current async context. */
  private static readonly inside = new AsyncLocalStorage<ReadonlySet<Pacer>>();

  constructor(opts: PacerOptions = {}) {
    this.calculator = opts.calculator ?? defaultCalculator(opts);
    this.retries = Math.max(1, opts.retries ?? 10);
    this.state = { sleepTime: 0, consecutiveRetries: 0, retryAfter: undefined };
    this.state.sleepTime = this.calculator(this.state);
    this.bucket = opts.tokenBucket ?? (opts.tpsLimit ? new TokenBucket(opts.tpsLimit, opts.tpsBurst ?? 1) : undefined);
    this.conns = opts.maxConnections && opts.maxConnections > 0 ? new Semaphore(opts.maxConnections) : undefined;
    this.signal = opts.signal;
    this.log = opts.log;
  }

  /** The current sleep time between call starts (ms). */
  get sleepTime(): number {
    return this.state.sleepTime;
  }

  /** Calls in a row that asked for a retry. */
  get consecutiveRetries(): number {
    return this.state.consecutiveRetries;
  }

  /**
   * Runs fn, paced; while shouldRetry says an error is worth retrying, runs
   * it again, up to `retries` attempts in all. Errors that are not retried
   * are thrown unchanged; when the attempts run out the last error is
   * thrown marked retriable (for the whole-command retry), carrying any
   * Retry-After time.
   *
   * @param shouldRetry classifies errors; by default rclone's low-level
   *   rule (errors.ts shouldRetry) with the error's own Retry-After.
   */
  call<T>(fn: () => Promise<T>, shouldRetry: ShouldRetry = isRetriable): Promise<T> {
    return this.run(fn, shouldRetry, this.retries);
  }

  /** Like call, but a single attempt: a retriable error is thrown marked retriable. */
  callNoRetry<T>(fn: () => Promise<T>, shouldRetry: ShouldRetry = isRetriable): Promise<T> {
    return this.run(fn, shouldRetry, 1);
  }

  private async run<T>(fn: () => Promise<T>, shouldRetry: ShouldRetry, attempts: number): Promise<T> {
    const outer = Pacer.inside.getStore();
    // A call made from inside one of our own calls already holds a
    // connection; making it wait for another could deadlock.
    const conns = outer?.has(this) ? undefined : this.conns;
    const invoke = (): Promise<T> =>
      this.conns ? Pacer.inside.run(new Set([...(outer ?? []), this]), fn) : fn();
    for (let attempt = 1; ; attempt++) {
      if (this.signal?.aborted) throw abortedError(this.signal);
      await this.bucket?.take(this.signal);
      await this.pace();
      await conns?.acquire();
      try {
        const result = await invoke();
        this.endCall(false, undefined);
        return result;
      } catch (err) {
        const verdict = decide(shouldRetry(err), err);
        this.endCall(verdict.retry, verdict.after);
        if (!verdict.retry) throw err;
        this.log?.debug("pacer", `low level retry ${attempt}/${attempts} (error ${errorMessage(err)})`);
        if (attempt >= attempts) {
          throw retryError(err, verdict.after === undefined ? undefined : Date.now() + verdict.after);
        }
      } finally {
        conns?.release();
      }
    }
  }

  /** Waits for the pacing token, then arranges its return after the sleep time. */
  private pace(): Promise<void> {
    const turn = this.queue.then(async () => {
      // A Retry-After seen while we waited can push the token further out.
      // Timers count whole milliseconds: rounding up keeps a fractional wait
      // from firing early and spinning.
      for (let wait = this.tokenAt - now(); wait > 0; wait = this.tokenAt - now()) {
        await sleep(Math.ceil(wait), this.signal);
      }
      if (this.state.sleepTime > 0) this.tokenAt = now() + this.state.sleepTime;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private endCall(retry: boolean, after: number | undefined): void {
    const s = this.state;
    const before = s.sleepTime;
    s.consecutiveRetries = retry ? s.consecutiveRetries + 1 : 0;
    s.retryAfter = after;
    s.sleepTime = this.calculator(s);
    // rclone only lowers the sleep for a Retry-After: the retry itself may go
    // out as soon as the token is back. We hold every call until the time the
    // service named, which is what it asked for.
    if (after !== undefined) this.tokenAt = Math.max(this.tokenAt, now() + after);
    if (this.log && s.sleepTime !== before) {
      const d = formatGoDuration(BigInt(Math.round(s.sleepTime * 1e6)));
      this.log.debug("pacer", retry ? `Rate limited, increasing sleep to ${d}` : `Reducing sleep to ${d}`);
    }
  }
}

function decide(d: RetryDecision, err: unknown): { retry: boolean; after?: number | undefined } {
  const v = typeof d === "boolean" ? { retry: d, after: undefined } : d;
  if (v.after !== undefined) return { retry: v.retry, after: Math.max(0, v.after) };
  const at = retryAfterOf(err);
  return { retry: v.retry, after: at === undefined ? undefined : Math.max(0, at - Date.now()) };
}

/** One --tpslimit bucket per set of global options, as rclone has one per process. */
const sharedBuckets = new WeakMap<GlobalOptions, TokenBucket>();

/**
 * A pacer set up from the context as rclone's fs.NewPacer does: attempts
 * from --low-level-retries, the process-wide --tpslimit bucket, the
 * context's abort signal and logger. opts add the backend's own tuning
 * (minSleep, calculator, …).
 */
export function newPacer(ctx: Context, opts: PacerOptions = {}): Pacer {
  let bucket = opts.tokenBucket;
  if (!bucket && ctx.opt.tpslimit > 0) {
    bucket = sharedBuckets.get(ctx.opt);
    if (!bucket) {
      bucket = new TokenBucket(ctx.opt.tpslimit, ctx.opt.tpslimitBurst);
      sharedBuckets.set(ctx.opt, bucket);
    }
  }
  return new Pacer({
    retries: ctx.opt.lowLevelRetries,
    signal: ctx.signal,
    log: ctx.log,
    ...opts,
    ...(bucket ? { tokenBucket: bucket } : {}),
  });
}
