/**
 * The pacer: spacing of call starts, exponential attack and decay, retry
 * counting, Retry-After, sharing between concurrent callers, --tpslimit,
 * --max-connections and aborts. Timings run on fake timers (performance.now
 * included), so the expected start times are exact; one test checks the
 * same behaviour against the real clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { newBaseContext } from "../../../src/fs/context.js";
import { FsError, isKind, isRetryMarked, retryAfterOf, retryError } from "../../../src/fs/errors.js";
import { Logger, LogLevel } from "../../../src/fs/log.js";
import {
  defaultCalculator,
  newPacer,
  Pacer,
  s3Calculator,
  TokenBucket,
  type PacerState,
} from "../../../src/lib/pacer.js";

const state = (sleepTime: number, consecutiveRetries = 0, retryAfter?: number): PacerState => ({
  sleepTime,
  consecutiveRetries,
  retryAfter,
});

/** An error the default classification retries. */
const transient = (n = 0): Error => Object.assign(new Error(`connection reset ${n}`), { code: "ECONNRESET" });

describe("calculators", () => {
  it("default: attack multiplies by 2^k/(2^k-1), capped; k=0 jumps to maxSleep", () => {
    const at = (k: number): number =>
      defaultCalculator({ minSleep: 0.001, maxSleep: 1000, attackConstant: k })(state(1, 1));
    expect(at(1)).toBe(2);
    expect(at(0)).toBe(1000);
    expect(at(2)).toBeCloseTo(4 / 3, 12);
    expect(at(3)).toBeCloseTo(8 / 7, 12);
    expect(defaultCalculator({ maxSleep: 50 })(state(40, 3))).toBe(50);
  });

  it("default: decay multiplies by (2^k-1)/2^k, never below minSleep", () => {
    const dec = (k: number, from: number): number =>
      defaultCalculator({ minSleep: 0.001, maxSleep: 1000, decayConstant: k })(state(from));
    expect(dec(1, 8)).toBe(4);
    expect(dec(0, 1)).toBe(0.001);
    expect(dec(2, 1)).toBe(0.75);
    expect(dec(3, 1)).toBe(0.875);
    expect(defaultCalculator()(state(11))).toBe(10);
  });

  it("default: a Retry-After sets the sleep, but not below minSleep, and beyond maxSleep", () => {
    const c = defaultCalculator({ minSleep: 10, maxSleep: 2000 });
    expect(c(state(10, 1, 5000))).toBe(5000);
    expect(c(state(10, 1, 3))).toBe(10);
  });

  it("s3: no sleep once decayed below minSleep, minSleep on the first error", () => {
    const c = s3Calculator({ minSleep: 10 });
    expect(c(state(0))).toBe(0);
    expect(c(state(12))).toBe(0);
    expect(c(state(40))).toBe(30);
    expect(c(state(0, 1))).toBe(10);
    expect(c(state(10, 2))).toBe(20);
    expect(c(state(1500, 3))).toBe(2000);
  });

  it("a new pacer starts at minSleep with 10 attempts", () => {
    const p = new Pacer();
    expect(p.sleepTime).toBe(10);
    expect(p.retries).toBe(10);
    expect(new Pacer({ calculator: s3Calculator() }).sleepTime).toBe(0);
  });
});

describe("with fake timers", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Runs the pacer call to completion, advancing the fake clock as needed. */
  async function settle<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
    const out = Promise.allSettled([p]);
    await vi.runAllTimersAsync();
    return (await out)[0]!;
  }

  /** A paced function that records start times and fails `failures` times first. */
  function flaky(failures: number, err: (n: number) => unknown = transient) {
    const starts: number[] = [];
    const t0 = performance.now();
    const fn = async (): Promise<string> => {
      starts.push(performance.now() - t0);
      if (starts.length <= failures) throw err(starts.length);
      return "ok";
    };
    return { fn, starts };
  }

  it("doubles the sleep on each retriable error and decays it after success", async () => {
    const p = new Pacer();
    const { fn, starts } = flaky(4);
    const r = await settle(p.call(fn));
    expect(r).toEqual({ status: "fulfilled", value: "ok" });
    // Each gap is the sleep when the previous attempt started: 10, 20, 40, 80.
    expect(starts).toEqual([0, 10, 30, 70, 150]);
    expect(p.sleepTime).toBe(120); // 160 × 3/4
    expect(p.consecutiveRetries).toBe(0);
  });

  it("never sleeps longer than maxSleep", async () => {
    const p = new Pacer({ maxSleep: 50 });
    const { fn, starts } = flaky(5);
    await settle(p.call(fn));
    expect(starts).toEqual([0, 10, 30, 70, 120, 170]);
  });

  it("decays towards minSleep as calls succeed", async () => {
    const p = new Pacer({ attackConstant: 0 }); // one error goes straight to maxSleep
    await settle(p.call(flaky(1).fn));
    const sleeps: number[] = [];
    for (let i = 0; i < 30; i++) {
      await settle(p.call(async () => undefined));
      sleeps.push(p.sleepTime);
    }
    expect(sleeps.slice(0, 3)).toEqual([1125, 843.75, 632.8125]);
    expect(sleeps.at(-1)).toBe(10);
  });

  it("gives up after the retry count, throwing the last error marked retriable", async () => {
    const p = new Pacer({ retries: 3 });
    const { fn, starts } = flaky(Infinity);
    const r = await settle(p.call(fn));
    expect(starts).toHaveLength(3);
    expect(r.status).toBe("rejected");
    const err = (r as PromiseRejectedResult).reason as unknown;
    expect(err).toBeInstanceOf(FsError);
    expect((err as Error).message).toBe("connection reset 3");
    expect(isRetryMarked(err)).toBe(true);
  });

  it("does not retry an error the classifier rejects, and throws it unchanged", async () => {
    const p = new Pacer();
    const boom = new FsError("objectNotFound");
    const { fn, starts } = flaky(Infinity, () => boom);
    const r = await settle(p.call(fn));
    expect(starts).toHaveLength(1);
    expect((r as PromiseRejectedResult).reason).toBe(boom);
    expect(p.sleepTime).toBe(10);
  });

  it("lets a custom classifier decide", async () => {
    const p = new Pacer();
    const { fn, starts } = flaky(2, (n) => new Error(`HTTP 503 #${n}`));
    const r = await settle(p.call(fn, (e) => (e as Error).message.startsWith("HTTP 503")));
    expect(r.status).toBe("fulfilled");
    expect(starts).toHaveLength(3);
  });

  it("holds the next attempt until a Retry-After from the classifier", async () => {
    const p = new Pacer();
    const { fn, starts } = flaky(1);
    await settle(p.call(fn, () => ({ retry: true, after: 500 })));
    expect(starts).toEqual([0, 500]);
    // The sleep became the Retry-After and then decayed once.
    expect(p.sleepTime).toBe(375);
  });

  it("holds every caller, not just the retry, until the Retry-After", async () => {
    const p = new Pacer();
    const t0 = performance.now();
    const retried = settle(p.call(flaky(1).fn, () => ({ retry: true, after: 300 })));
    await vi.advanceTimersByTimeAsync(1);
    let otherStart = -1;
    const other = settle(
      p.call(async () => {
        otherStart = performance.now() - t0;
      }),
    );
    await Promise.all([retried, other]);
    expect(otherStart).toBeGreaterThanOrEqual(300);
  });

  it("takes the Retry-After time carried by an FsError", async () => {
    const p = new Pacer();
    const { fn, starts } = flaky(1, () => retryError(new Error("slow down"), Date.now() + 250));
    await settle(p.call(fn));
    expect(starts).toEqual([0, 250]);
  });

  it("passes the Retry-After on when the attempts run out", async () => {
    const p = new Pacer({ retries: 2 });
    const r = await settle(p.call(flaky(Infinity).fn, () => ({ retry: true, after: 1000 })));
    const err = (r as PromiseRejectedResult).reason as unknown;
    expect(isRetryMarked(err)).toBe(true);
    expect(retryAfterOf(err)).toBe(Date.now() + 1000);
  });

  it("callNoRetry makes one attempt and marks a retriable error", async () => {
    const p = new Pacer();
    const { fn, starts } = flaky(Infinity);
    const r = await settle(p.callNoRetry(fn));
    expect(starts).toHaveLength(1);
    expect(isRetryMarked((r as PromiseRejectedResult).reason)).toBe(true);
  });

  it("starts at most one call per sleep interval across concurrent callers, in order", async () => {
    const p = new Pacer({ minSleep: 10 });
    const t0 = performance.now();
    const starts: Array<[number, number]> = [];
    const calls = [0, 1, 2, 3, 4].map((i) =>
      p.call(async () => {
        starts.push([i, performance.now() - t0]);
      }),
    );
    await settle(Promise.all(calls));
    expect(starts).toEqual([
      [0, 0],
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
  });

  it("slows every caller down when one of them is pushed back", async () => {
    const p = new Pacer();
    const t0 = performance.now();
    // Attempts at 0, 10 and 30; the last took the token with the sleep at 40.
    await settle(p.call(flaky(2).fn));
    expect(p.sleepTime).toBe(30);
    const starts: number[] = [];
    const calls = [0, 1, 2].map(() => p.call(async () => void starts.push(performance.now() - t0)));
    await settle(Promise.all(calls));
    // Token back at 30 + 40, then gaps of the decaying sleep: 30, 22.5
    // (timers round that up to whole milliseconds).
    expect(starts).toEqual([70, 100, 123]);
  });

  it("limits transactions per second with a burst (--tpslimit)", async () => {
    const p = new Pacer({ minSleep: 0, tpsLimit: 10, tpsBurst: 3 });
    expect(p.sleepTime).toBe(0);
    const t0 = performance.now();
    const starts: number[] = [];
    const calls = Array.from({ length: 6 }, () => p.call(async () => void starts.push(performance.now() - t0)));
    await settle(Promise.all(calls));
    expect(starts.map((t) => Math.round(t))).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it("refills the token bucket while idle, up to the burst", async () => {
    const b = new TokenBucket(2, 2);
    expect([b.reserve(), b.reserve(), b.reserve()]).toEqual([0, 0, 500]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect([b.reserve(), b.reserve(), b.reserve()]).toEqual([0, 0, 500]);
    expect(() => new TokenBucket(0)).toThrow(FsError);
  });

  it("keeps to --max-connections, except for calls made from inside a call", async () => {
    const p = new Pacer({ minSleep: 0, maxConnections: 2 });
    let inFlight = 0;
    let most = 0;
    const work = async (): Promise<void> => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 50));
      inFlight--;
    };
    await settle(Promise.all(Array.from({ length: 6 }, () => p.call(work))));
    expect(most).toBe(2);

    const one = new Pacer({ minSleep: 0, maxConnections: 1 });
    const nested = await settle(one.call(async () => one.call(async () => "inner")));
    expect(nested).toEqual({ status: "fulfilled", value: "inner" });
  });

  it("stops waiting and retrying when aborted", async () => {
    const ac = new AbortController();
    const p = new Pacer({ signal: ac.signal, maxSleep: 10_000 });
    const { fn, starts } = flaky(Infinity);
    const out = Promise.allSettled([p.call(fn, () => ({ retry: true, after: 5000 }))]);
    await vi.advanceTimersByTimeAsync(100);
    ac.abort();
    const [r] = await out;
    expect(starts).toHaveLength(1);
    expect(isKind((r as PromiseRejectedResult).reason, "aborted")).toBe(true);
  });

  it("logs retries and sleep changes at DEBUG as rclone does", async () => {
    const log = new Logger();
    log.level = LogLevel.Debug;
    const lines: string[] = [];
    log.sink = (l) => void lines.push(l);
    const p = new Pacer({ retries: 5, log });
    await settle(p.call(flaky(1).fn));
    expect(lines.some((l) => l.includes("DEBUG : pacer: low level retry 1/5 (error connection reset 1)"))).toBe(true);
    expect(lines.some((l) => l.includes("pacer: Rate limited, increasing sleep to 20ms"))).toBe(true);
    expect(lines.some((l) => l.includes("pacer: Reducing sleep to 15ms"))).toBe(true);
  });
});

describe("newPacer", () => {
  it("takes --low-level-retries from the context and shares one --tpslimit bucket", async () => {
    const ctx = newBaseContext({ lowLevelRetries: 4, tpslimit: 100, tpslimitBurst: 1 });
    const a = newPacer(ctx, { minSleep: 0 });
    const b = newPacer(ctx, { minSleep: 0 });
    expect(a.retries).toBe(4);
    let calls = 0;
    const r = await Promise.allSettled([
      a.call(async () => {
        calls++;
        throw transient();
      }),
    ]);
    expect(calls).toBe(4);
    expect(r[0]!.status).toBe("rejected");
    // One shared bucket of burst 1 queues the two pacers' calls 10 ms apart
    // (0, 10, 20); separate buckets would allow 0, 0, 10.
    const t0 = performance.now();
    await Promise.all([a.call(async () => undefined), b.call(async () => undefined), a.call(async () => undefined)]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
  });
});

describe("with the real clock", () => {
  it("spaces concurrent calls by minSleep and backs off on errors", async () => {
    const p = new Pacer({ minSleep: 20 });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => p.call(async () => undefined)));
    const spaced = performance.now() - t0;
    expect(spaced).toBeGreaterThanOrEqual(55); // three gaps of 20 ms, less timer slack
    expect(spaced).toBeLessThan(400);

    let n = 0;
    const t1 = performance.now();
    await p.call(async () => {
      if (++n < 4) throw transient(n);
    });
    // Gaps of 20, 40 and 80 ms (the sleep doubling each time), with slack.
    expect(performance.now() - t1).toBeGreaterThanOrEqual(130);
  });
});
