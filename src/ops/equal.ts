/**
 * Deciding whether a file needs transferring (rclone's NeedTransfer and
 * equal): size, modification time within the modify window, hashes, and the
 * flags that change the rules (--checksum, --size-only, --update, …).
 */
import { errorMessage, isKind } from "../fs/errors.js";
import { hashBit, hashGetOne, type HashSet, type HashType } from "../fs/hash.js";
import type { Info, Obj, ObjectInfo } from "../fs/types.js";
import { MODTIME_NOT_SUPPORTED, SECOND } from "../fs/types.js";
import { formatGoDuration } from "../lib/units.js";
import { LogLevel } from "../fs/log.js";
import type { OpsContext } from "./context.js";
import { skipDestructive } from "./destructive.js";

/** What the sync/check report files (--combined etc.) record about a pair. */
export type Verdict = "match" | "differ" | "missingOnDst" | "missingOnSrc" | "error";

/** The largest of --modify-window and the precisions; MODTIME_NOT_SUPPORTED if either lacks times. */
export function modifyWindow(ctx: OpsContext, ...fss: Info[]): bigint {
  let w = ctx.opt.modifyWindow;
  for (const f of fss) {
    const p = f.precision();
    if (p === MODTIME_NOT_SUPPORTED) return MODTIME_NOT_SUPPORTED;
    if (p > w) w = p;
  }
  return w;
}

/** The preferred hash both Fs support (none with --ignore-checksum). */
export function commonHash(ctx: OpsContext, a: Info, b: Info): HashType | undefined {
  if (ctx.opt.ignoreChecksum) return undefined;
  return hashGetOne(a.hashes() & b.hashes());
}

/** The hash set to ask readers/writers to compute for a transfer. */
export function commonHashSet(ctx: OpsContext, a: Info, b: Info): HashSet {
  const t = commonHash(ctx, a, b);
  return t === undefined ? 0 : hashBit(t);
}

/** Same config entry (same name, including any override suffix). */
export function sameConfig(a: Info, b: Info): boolean {
  return a.name === b.name;
}

/** Same config and same root. */
export function sameFs(a: Info, b: Info): boolean {
  return sameConfig(a, b) && a.root.replace(/^\/+|\/+$/g, "") === b.root.replace(/^\/+|\/+$/g, "");
}

/** Sizes that are both known and differ (never with --ignore-size). */
function knownSizesDiffer(ignoreSize: boolean, src: ObjectInfo, dst: ObjectInfo): boolean {
  return !ignoreSize && src.size >= 0 && dst.size >= 0 && src.size !== dst.size;
}

export function sizeDiffers(ctx: OpsContext, src: ObjectInfo, dst: ObjectInfo): boolean {
  if (!knownSizesDiffer(ctx.opt.ignoreSize, src, dst)) return false;
  ctx.log.debug(src, `size = ${src.size} (${src.fs.toString()})`);
  ctx.log.debug(dst, `size = ${dst.size} (${dst.fs.toString()})`);
  return true;
}

export interface HashCheck {
  equal: boolean;
  /** The hash compared; undefined if none could be (a side had no hash). */
  type: HashType | undefined;
  srcHash: string;
  dstHash: string;
  err?: unknown;
}

/** Compares one hash type of two objects, both computed at once. */
export async function checkHashesOf(ctx: OpsContext, src: ObjectInfo, dst: ObjectInfo, t: HashType): Promise<HashCheck> {
  // Both known (as after a copy that hashed what it wrote): no calls to wait for.
  const sk = src.knownHash?.(t);
  const dk = sk === undefined ? undefined : dst.knownHash?.(t);
  if (dk !== undefined) return compareHashes(ctx, src, dst, t, sk!, dk);
  const [s, d] = await Promise.allSettled([src.hash(t), dst.hash(t)]);
  const srcHash = s.status === "fulfilled" ? s.value : "";
  const dstHash = d.status === "fulfilled" ? d.value : "";
  let err: unknown;
  if (s.status === "rejected") {
    err = s.reason;
    ctx.stats.countError(err);
    ctx.log.error(src, `Failed to calculate src hash: ${errorMessage(err)}`);
  }
  if (d.status === "rejected") {
    err = d.reason;
    ctx.stats.countError(err);
    ctx.log.error(dst, `Failed to calculate dst hash: ${errorMessage(err)}`);
  }
  if (err !== undefined) return { equal: false, type: t, srcHash, dstHash, err };
  return compareHashes(ctx, src, dst, t, srcHash, dstHash);
}

function compareHashes(ctx: OpsContext, src: ObjectInfo, dst: ObjectInfo, t: HashType, srcHash: string, dstHash: string): HashCheck {
  if (srcHash === "" || dstHash === "") return { equal: true, type: undefined, srcHash, dstHash };
  if (srcHash !== dstHash) {
    ctx.log.debug(src, `${t} = ${srcHash} (${src.fs.toString()})`);
    ctx.log.debug(dst, `${t} = ${dstHash} (${dst.fs.toString()})`);
    return { equal: false, type: t, srcHash, dstHash };
  }
  ctx.log.debug(src, `${t} = ${srcHash} OK`);
  return { equal: true, type: t, srcHash, dstHash };
}

/** Compares the common hash of two objects; equal with type undefined if there is none. */
export async function checkHashes(ctx: OpsContext, src: ObjectInfo, dst: ObjectInfo): Promise<HashCheck> {
  const t = hashGetOne(src.fs.hashes() & dst.fs.hashes());
  if (t === undefined) return { equal: true, type: undefined, srcHash: "", dstHash: "" };
  return checkHashesOf(ctx, src, dst, t);
}

interface EqualOpt {
  sizeOnly: boolean;
  checkSum: boolean;
  updateModTime: boolean;
  forceModTimeMatch: boolean;
}

function defaultEqualOpt(ctx: OpsContext): EqualOpt {
  return {
    sizeOnly: ctx.opt.sizeOnly,
    checkSum: ctx.opt.checksum,
    updateModTime: !ctx.opt.noUpdateModtime,
    forceModTimeMatch: false,
  };
}

let checksumWarned = false;
let modTimeUploadWarned = false;

function dt(a: bigint, b: bigint): string {
  return formatGoDuration(a - b);
}

async function equalWith(ctx: OpsContext, src: ObjectInfo, dst: Obj, opt: EqualOpt): Promise<boolean> {
  if (sizeDiffers(ctx, src, dst)) {
    ctx.log.debug(src, "Sizes differ");
    return false;
  }
  if (opt.sizeOnly) {
    ctx.log.debug(src, "Sizes identical");
    return true;
  }
  if (opt.checkSum) {
    const h = await checkHashes(ctx, src, dst);
    if (!h.equal) {
      ctx.log.debug(src, `${h.type ?? "none"} differ`);
      return false;
    }
    if (h.type === undefined) {
      if ((src.fs.hashes() & dst.fs.hashes()) === 0 && !checksumWarned) {
        checksumWarned = true;
        ctx.log.notice(dst.fs, "--checksum is in use but the source and destination have no hashes in common; falling back to --size-only");
      }
      ctx.log.debug(src, "Size of src and dst objects identical");
    } else {
      ctx.log.debug(src, `Size and ${h.type} of src and dst objects identical`);
    }
    return true;
  }
  const srcModTime = await src.modTime();
  if (!opt.forceModTimeMatch) {
    const window = modifyWindow(ctx, src.fs, dst.fs);
    if (window === MODTIME_NOT_SUPPORTED) {
      ctx.log.debug(src, "Sizes identical");
      return true;
    }
    const dstModTime = await dst.modTime();
    const d = dstModTime - srcModTime;
    if (d < window && d > -window) {
      if (ctx.log.enabled(LogLevel.Debug)) {
        ctx.log.debug(src, `Size and modification time the same (differ by ${dt(dstModTime, srcModTime)}, within tolerance ${formatGoDuration(window)})`);
      }
      return true;
    }
    ctx.log.debug(src, `Modification times differ by ${dt(dstModTime, srcModTime)}`);
  }
  const h = await checkHashes(ctx, src, dst);
  if (!h.equal) {
    ctx.log.debug(src, `${h.type ?? "none"} differ`);
    return false;
  }
  if (h.type === undefined && !ctx.opt.refreshTimes) return false;
  if (opt.updateModTime && !(await skipDestructive(ctx, src, "update modification time"))) {
    if (ctx.opt.immutable) {
      ctx.log.error(dst, "Timestamp mismatch between immutable objects");
      return false;
    }
    try {
      await dst.setModTime(srcModTime);
      ctx.log.info(src, "Updated modification time in destination");
    } catch (err) {
      if (isKind(err, "cantSetModTime")) {
        logModTimeUpload(ctx, dst);
        ctx.log.info(dst, "src and dst identical but can't set mod time without re-uploading");
        return false;
      }
      if (isKind(err, "cantSetModTimeWithoutDelete")) {
        logModTimeUpload(ctx, dst);
        ctx.log.info(dst, "src and dst identical but can't set mod time without deleting and re-uploading");
        if (ctx.opt.backupDir === "") {
          try {
            await dst.remove();
          } catch (e) {
            ctx.log.error(dst, `failed to delete before re-upload: ${errorMessage(e)}`);
          }
        }
        return false;
      }
      ctx.stats.countError(err);
      ctx.log.error(dst, `Failed to set modification time: ${errorMessage(err)}`);
    }
  }
  return true;
}

function logModTimeUpload(ctx: OpsContext, dst: Obj): void {
  if (modTimeUploadWarned) return;
  modTimeUploadWarned = true;
  ctx.log.notice(dst.fs, "Forced to upload files to set modification times on this backend.");
}

/** rclone's Equal: size, then modtime (or hash, per the flags); may fix the destination's modtime. */
export function equal(ctx: OpsContext, src: ObjectInfo, dst: Obj): Promise<boolean> {
  return equalWith(ctx, src, dst, defaultEqualOpt(ctx));
}

/** Each Fs's root without trailing slashes, worked out once: sameObject runs for every pair a sync compares. */
const trimmedRoots = new WeakMap<object, string>();
function trimmedRoot(f: ObjectInfo["fs"]): string {
  let r = trimmedRoots.get(f);
  if (r === undefined) {
    r = f.root.replace(/\/+$/, "");
    trimmedRoots.set(f, r);
  }
  return r;
}

/** True if src and dst are (or may be) the very same object. */
export function sameObject(src: ObjectInfo, dst: ObjectInfo): boolean {
  if (!sameConfig(src.fs, dst.fs)) return false;
  const full = (o: ObjectInfo): string => trimmedRoot(o.fs) + "/" + o.remote;
  const a = full(src);
  const b = full(dst);
  const ci = src.fs.features.caseInsensitive || dst.fs.features.caseInsensitive;
  return ci ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * A verdict without awaiting anything, for the bulk of a re-sync's
 * comparisons: a predicate that is true only when needTransfer would find
 * the pair unchanged by size and modification time, from what the objects
 * already hold and with nothing it would log at the current level. False
 * means "ask needTransfer". Undefined when the flags in force (--checksum,
 * --size-only, --update, --ignore-times, --ignore-existing, -vv) always
 * need the full check.
 */
export function quickUnchanged(ctx: OpsContext, fsrc: Info, fdst: Info): ((src: ObjectInfo, dst: ObjectInfo) => boolean) | undefined {
  const o = ctx.opt;
  if (o.ignoreExisting || o.ignoreTimes || o.update || o.checksum || o.sizeOnly || ctx.log.enabled(LogLevel.Debug)) return undefined;
  const window = modifyWindow(ctx, fsrc, fdst);
  const ignoreSize = o.ignoreSize;
  const mayBeSame = sameConfig(fsrc, fdst);
  // Objects of these two Fs under the same remote are one object exactly when the roots are one
  // (sameObject's test, without building two paths per pair; case-insensitive Fs take the full test).
  const byRoots = mayBeSame && !fsrc.features.caseInsensitive && !fdst.features.caseInsensitive;
  const rootsEqual = byRoots && trimmedRoot(fsrc) === trimmedRoot(fdst);
  return (src, dst) => {
    // equalWith's order: sizes, then (when both Fs keep them) modification times.
    if (knownSizesDiffer(ignoreSize, src, dst)) return false;
    if (window !== MODTIME_NOT_SUPPORTED) {
      const s = src.knownModTime?.();
      const d = s === undefined ? undefined : dst.knownModTime?.();
      if (d === undefined) return false;
      const diff = d - s!;
      if (diff >= window || diff <= -window) return false;
    }
    if (!mayBeSame) return true;
    if (byRoots && src.remote === dst.remote && src.fs === fsrc && dst.fs === fdst) return !rootsEqual;
    return !sameObject(src, dst);
  };
}

/** rclone's NeedTransfer: does src need copying over dst (undefined = missing)? */
export async function needTransfer(ctx: OpsContext, dst: Obj | undefined, src: ObjectInfo): Promise<boolean> {
  if (dst === undefined) {
    ctx.log.debug(src, "Need to transfer - File not found at Destination");
    return true;
  }
  const o = ctx.opt;
  if (o.ignoreExisting) {
    ctx.log.debug(src, "Destination exists, skipping");
    return false;
  }
  if (o.ignoreTimes) {
    ctx.log.debug(src, "Transferring unconditionally as --ignore-times is in use");
    return true;
  }
  if (o.update) {
    const srcModTime = await src.modTime();
    const dstModTime = await dst.modTime();
    const d = dstModTime - srcModTime;
    let window = modifyWindow(ctx, dst.fs, src.fs);
    if (window === MODTIME_NOT_SUPPORTED) window = SECOND;
    if (d >= window) {
      ctx.log.debug(src, "Destination is newer than source, skipping");
      return false;
    }
    if (d <= -window) {
      if (await equalWith(ctx, src, dst, { ...defaultEqualOpt(ctx), forceModTimeMatch: true })) {
        ctx.log.debug(src, "Unchanged skipping");
        return false;
      }
      return true;
    }
    if (await equalWith(ctx, src, dst, { ...defaultEqualOpt(ctx), sizeOnly: !o.checksum })) {
      ctx.log.debug(src, `Destination mod time is within ${formatGoDuration(window)} of source and files identical, skipping`);
      return false;
    }
    ctx.log.debug(src, `Destination mod time is within ${formatGoDuration(window)} of source but files differ, transferring`);
    return true;
  }
  if ((await equal(ctx, src, dst)) && !sameObject(src, dst)) {
    ctx.log.debug(src, "Unchanged skipping");
    return false;
  }
  return true;
}
