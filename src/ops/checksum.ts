/**
 * Checking files against a sum file (`check -C <type> sumfile dst:`,
 * `hashsum <type> -C sumfile dst:`): every listed object's hash must match
 * its line in the file, every line must have its object.
 */
import { FsError, errorMessage } from "../fs/errors.js";
import { hashSetHas, newHasher, type HashType } from "../fs/hash.js";
import type { Fs, Obj } from "../fs/types.js";
import type { CheckReports, CheckResult } from "./check.js";
import { reportResults, throwIfDifferent } from "./check.js";
import type { OpsContext } from "./context.js";
import { listObjects } from "./list.js";

const ASCII = /^[\x00-\x7f]*$/;

/** The name as the march compares it: NFC unless turned off, lower-case with --ignore-case-sync. */
function normal(ctx: OpsContext, s: string): string {
  let out = s;
  if (!ctx.opt.noUnicodeNormalization && !ASCII.test(out)) out = out.normalize("NFC");
  if (ctx.opt.ignoreCaseSync) out = out.toLowerCase();
  return out;
}

/** Reads an md5sum-style file ("<hash> <space or *><path>" per line) into path → lower-case hash. */
export async function parseSumFile(ctx: OpsContext, sumObj: Obj): Promise<Map<string, string>> {
  const rs = await sumObj.open();
  const chunks: Buffer[] = [];
  for await (const c of rs as AsyncIterable<Buffer>) chunks.push(c);
  const text = Buffer.concat(chunks).toString("utf8");
  const re = /^([^ ]+) [ *](.+)$/;
  const hashes = new Map<string, string>();
  let warnings = 0;
  const warn = (msg: string): void => {
    if (++warnings <= 3) ctx.log.notice(sumObj, msg);
  };
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((raw, lineNo) => {
    const line = raw.replace(/\r$/, "");
    if (line === "") return;
    const m = re.exec(normal(ctx, line));
    if (!m) return warn(`improperly formatted checksum line ${lineNo}`);
    const [, sum, file] = m;
    if (hashes.get(file!)) return warn(`duplicate file on checksum line ${lineNo}`);
    hashes.set(file!, sum!.toLowerCase());
  });
  if (warnings > 3) ctx.log.notice(sumObj, `${warnings - 3} warning(s) suppressed...`);
  return hashes;
}

/** Checks the objects of fdst against the sum file sumFile in fsum. */
export async function checkSum(
  ctx: OpsContext,
  fdst: Fs,
  fsum: Fs,
  sumFile: string,
  ht: HashType,
  o: CheckReports & { oneWay?: boolean; download?: boolean } = {},
): Promise<CheckResult> {
  if (!o.download && !hashSetHas(fdst.hashes(), ht)) {
    throw new FsError("hashUnsupported", `${ht}: hash type is not supported by file system: ${fdst.toString()}`);
  }
  let sumObj: Obj;
  try {
    sumObj = await fsum.newObject(sumFile);
  } catch (err) {
    throw new FsError("objectNotFound", `cannot open sum file: ${errorMessage(err)}`, { cause: err });
  }
  const hashes = await parseSumFile(ctx, sumObj);
  const res: CheckResult = { differences: 0, matches: 0, srcFilesMissing: 0, dstFilesMissing: 0, noHashes: 0 };
  const report = (path: string, out: ((p: string) => void) | undefined, sigil: string): void => {
    out?.(path);
    o.combined?.(`${sigil} ${path}`);
  };
  const fail = (subject: string | Obj, msg: string): FsError => {
    const err = new FsError("other", msg);
    ctx.stats.countError(err);
    ctx.log.error(subject, msg);
    return err;
  };
  const running = new Set<Promise<void>>();
  const limit = Math.max(1, ctx.opt.checkers);
  let lastErr: unknown;
  const objectHash = async (obj: Obj): Promise<string> => {
    if (!o.download) return obj.hash(ht);
    const h = await newHasher(ht);
    const acc = ctx.stats.beginTransfer(obj.remote, obj.size);
    try {
      for await (const c of (await obj.open()) as AsyncIterable<Buffer>) {
        h.update(c);
        acc.add(c.length);
      }
    } finally {
      acc.finish(true);
    }
    return h.digest();
  };
  try {
    await listObjects(ctx, fdst, async (obj) => {
      const name = normal(ctx, obj.remote);
      const sum = hashes.get(name);
      const found = sum !== undefined;
      hashes.set(name, ""); // consumed
      if (!found && o.oneWay) return;
      if (!found) {
        fail(obj, "sum not found");
        res.differences++;
        res.srcFilesMissing++;
        report(obj.remote, o.missingOnSrc, "-");
        return;
      }
      while (running.size >= limit) await Promise.race(running);
      const p = (async (): Promise<void> => {
        const done = ctx.stats.beginCheck(obj.remote, obj.size);
        try {
          let objHash: string;
          try {
            objHash = await objectHash(obj);
          } catch (err) {
            ctx.stats.countError(err);
            ctx.log.error(obj, `Failed to calculate hash: ${errorMessage(err)}`);
            report(obj.remote, o.error, "!");
            return;
          }
          if (sum === "") {
            fail(obj, "duplicate file");
            report(obj.remote, o.error, "!");
          } else if (objHash === "") {
            ctx.log.debug(obj, `${ht} - could not check hash (${fdst.toString()})`);
            res.noHashes++;
            res.matches++;
            report(obj.remote, o.match, "=");
          } else if (objHash === sum) {
            ctx.log.debug(obj, `${ht} = ${sum} OK`);
            res.matches++;
            report(obj.remote, o.match, "=");
          } else {
            fail(obj, "files differ");
            res.differences++;
            report(obj.remote, o.differ, "*");
          }
        } finally {
          done();
        }
      })();
      running.add(p);
      void p.finally(() => running.delete(p));
    });
  } catch (err) {
    lastErr = err;
  }
  await Promise.all(running);
  for (const [file, sum] of hashes) {
    if (sum === "") continue;
    if (!ctx.filter.inactive && !ctx.filter.includeRemote(file)) continue;
    const err = fail(file, `file not in ${fdst.toString()}`);
    lastErr ??= err;
    res.dstFilesMissing++;
    report(file, o.missingOnDst, "+");
  }
  reportResults(ctx, fdst, undefined, res);
  if (lastErr !== undefined) throw lastErr;
  throwIfDifferent(res);
  return res;
}
