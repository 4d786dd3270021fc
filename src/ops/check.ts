/**
 * check (rclone's operations.Check): march over source and destination and
 * compare each pair by size and then hash (or by downloading both with
 * --download), reporting missing and differing files.
 */
import type { Readable } from "node:stream";
import { FsError, errorMessage, wrapError } from "../fs/errors.js";
import type { DirEntry, Fs, Obj } from "../fs/types.js";
import { March } from "../sync/march.js";
import type { OpsContext } from "./context.js";
import { skipDestructive } from "./destructive.js";
import { checkHashes, sizeDiffers } from "./equal.js";

/** Where per-file reports go; each receives one path per call. */
export interface CheckReports {
  combined?: (line: string) => void;
  missingOnSrc?: (path: string) => void;
  missingOnDst?: (path: string) => void;
  match?: (path: string) => void;
  differ?: (path: string) => void;
  error?: (path: string) => void;
}

export interface CheckOptions extends CheckReports {
  /** Only check that source files are on the destination. */
  oneWay?: boolean;
  /** Compare the bytes instead of the hashes. */
  download?: boolean;
}

/** The result counts of a check. */
export interface CheckResult {
  differences: number;
  matches: number;
  srcFilesMissing: number;
  dstFilesMissing: number;
  noHashes: number;
}

type CheckFn = (dst: Obj, src: Obj) => Promise<{ differ: boolean; noHash: boolean }>;

async function readFill(r: AsyncIterator<Buffer>, state: { buf: Buffer; done: boolean }, want: number): Promise<Buffer> {
  while (state.buf.length < want && !state.done) {
    const n = await r.next();
    if (n.done) state.done = true;
    else state.buf = state.buf.length === 0 ? n.value : Buffer.concat([state.buf, n.value]);
  }
  const out = state.buf.subarray(0, Math.min(want, state.buf.length));
  state.buf = state.buf.subarray(out.length);
  return out;
}

/** True if two streams hold the same bytes. */
export async function equalStreams(a: Readable, b: Readable): Promise<boolean> {
  const ia = a[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const ib = b[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const sa = { buf: Buffer.alloc(0), done: false };
  const sb = { buf: Buffer.alloc(0), done: false };
  try {
    for (;;) {
      const x = await readFill(ia, sa, 64 * 1024);
      const y = await readFill(ib, sb, 64 * 1024);
      if (!x.equals(y)) return false;
      if (x.length === 0) return true;
    }
  } finally {
    a.destroy();
    b.destroy();
  }
}

/** The summary lines of a check (fsrc undefined: the source was a sum file). */
export function reportResults(ctx: OpsContext, fdst: Fs, fsrc: Fs | undefined, res: CheckResult): void {
  if (res.dstFilesMissing > 0) ctx.log.notice(fdst, `${res.dstFilesMissing} files missing`);
  if (res.srcFilesMissing > 0) ctx.log.notice(fsrc ?? "<nil>", `${res.srcFilesMissing} ${fsrc ? "files" : "hashes"} missing`);
  ctx.log.notice(fdst, `${res.differences} differences found`);
  if (ctx.stats.errors > 0) ctx.log.notice(fdst, `${ctx.stats.errors} errors while checking`);
  if (res.noHashes > 0) ctx.log.notice(fdst, `${res.noHashes} hashes could not be checked`);
  if (res.matches > 0) ctx.log.notice(fdst, `${res.matches} matching files`);
}

/** Throws the "N differences found" error when there were differences. */
export function throwIfDifferent(res: CheckResult): void {
  if (res.differences > 0) {
    // Each difference was counted as it was found; the summary error is not another one.
    const err = new FsError("other", `${res.differences} differences found`);
    err.counted = true;
    throw err;
  }
}

/** Runs a check with the given comparison. */
async function checkWith(ctx: OpsContext, fdst: Fs, fsrc: Fs, o: CheckOptions, check: CheckFn): Promise<CheckResult> {
  const res: CheckResult = { differences: 0, matches: 0, srcFilesMissing: 0, dstFilesMissing: 0, noHashes: 0 };
  const report = (e: DirEntry, out: ((p: string) => void) | undefined, sigil: string): void => {
    out?.(e.remote);
    o.combined?.(`${sigil} ${e.remote}`);
  };
  const fail = (subject: DirEntry, msg: string): void => {
    const err = new FsError("other", msg);
    ctx.log.error(subject, msg);
    ctx.stats.countError(err);
  };
  const running = new Set<Promise<void>>();
  const limit = Math.max(1, ctx.opt.checkers);
  const march = new March({
    ctx,
    fsrc,
    fdst,
    noTraverse: ctx.opt.noTraverse,
    callbacks: {
      dstOnly: (dst) => {
        if (o.oneWay) return false;
        if (dst.isDir) return true;
        fail(dst, `file not in ${fsrc.toString()}`);
        res.differences++;
        res.srcFilesMissing++;
        report(dst, o.missingOnSrc, "-");
        return false;
      },
      srcOnly: (src) => {
        if (src.isDir) return true;
        fail(src, `file not in ${fdst.toString()}`);
        res.differences++;
        res.dstFilesMissing++;
        report(src, o.missingOnDst, "+");
        return false;
      },
      match: async (dst, src) => {
        if (src.isDir) {
          if (dst.isDir) return true;
          fail(dst, `is file on ${fdst.toString()} but directory on ${fsrc.toString()}`);
          res.differences++;
          res.srcFilesMissing++;
          report(dst, o.missingOnSrc, "-");
          return false;
        }
        if (dst.isDir) {
          fail(src, `is file on ${fsrc.toString()} but directory on ${fdst.toString()}`);
          res.differences++;
          res.dstFilesMissing++;
          report(src, o.missingOnDst, "+");
          return false;
        }
        if (await skipDestructive(ctx, src, "check")) return false;
        while (running.size >= limit) await Promise.race(running);
        const p = (async (): Promise<void> => {
          const done = ctx.stats.beginCheck(src.remote, src.size);
          try {
            let differ: boolean;
            let noHash = false;
            if (sizeDiffers(ctx, src, dst)) {
              ctx.log.error(src, "sizes differ");
              differ = true;
            } else if (ctx.opt.sizeOnly) {
              differ = false;
            } else {
              ({ differ, noHash } = await check(dst, src));
            }
            if (differ) {
              res.differences++;
              ctx.stats.countError(new FsError("other", "files differ"));
              report(src, o.differ, "*");
            } else {
              res.matches++;
              report(src, o.match, "=");
              if (noHash) res.noHashes++;
              ctx.log.debug(dst, noHash ? "OK - could not check hash" : "OK");
            }
          } catch (err) {
            ctx.log.error(src, errorMessage(err));
            ctx.stats.countError(err);
            report(src, o.error, "!");
          } finally {
            done();
          }
        })();
        running.add(p);
        void p.finally(() => running.delete(p));
        return false;
      },
    },
  });
  let marchErr: unknown;
  try {
    await march.run();
  } catch (err) {
    marchErr = err;
  }
  await Promise.all(running);
  if (marchErr !== undefined && (marchErr as FsError).noRetry && res.differences === 0 && res.matches === 0) throw marchErr;
  reportResults(ctx, fdst, fsrc, res);
  if (marchErr !== undefined) throw marchErr;
  throwIfDifferent(res);
  return res;
}

/** Checks that the files in fsrc and fdst match, by size and hash (or bytes with o.download). */
export function check(ctx: OpsContext, fdst: Fs, fsrc: Fs, o: CheckOptions = {}): Promise<CheckResult> {
  if (o.download) {
    return checkWith(ctx, fdst, fsrc, o, async (dst, src) => {
      let a: Readable;
      let b: Readable;
      try {
        a = await dst.open();
      } catch (err) {
        throw wrapError(`failed to download: failed to open "${dst.remote}"`, err);
      }
      try {
        b = await src.open();
      } catch (err) {
        a.destroy();
        throw wrapError(`failed to download: failed to open "${src.remote}"`, err);
      }
      const same = await equalStreams(a, b);
      if (!same) ctx.log.error(src, "contents differ");
      return { differ: !same, noHash: false };
    });
  }
  return checkWith(ctx, fdst, fsrc, o, async (dst, src) => {
    const h = await checkHashes(ctx, src, dst);
    if (h.err !== undefined) throw h.err;
    if (h.type === undefined) return { differ: false, noHash: true };
    if (!h.equal) {
      ctx.log.error(src, `${h.type} differ`);
      return { differ: true, noHash: false };
    }
    return { differ: false, noHash: false };
  });
}
