/**
 * Copying, moving and deleting single objects (rclone's operations.Copy,
 * Move, DeleteFile): server-side when the backend can, streamed otherwise,
 * through a temporary `.partial` name on backends where an upload in progress
 * would be visible, verified by size and hash, retried on retriable errors.
 */
import type { Readable } from "node:stream";
import { accountStream, maxTransferError } from "../accounting/stream.js";
import { FsError, errorMessage, isFatal, isKind, isRetryMarked, retryAfterOf, shouldRetry, wrapError } from "../fs/errors.js";
import { hashBit } from "../fs/hash.js";
import type { Fs, Info, Obj, ObjectInfo, Time } from "../fs/types.js";
import type { OpsContext } from "./context.js";
import { gatesDestructive, skipDestructive } from "./destructive.js";
import { checkHashesOf, commonHash, sameConfig, sameObject, sizeDiffers } from "./equal.js";
import { baseName } from "./walk.js";
import { nodeZlib } from "../lib/builtins.js";

/** An ObjectInfo that is another one under a different remote path. */
class OverrideRemote implements ObjectInfo {
  readonly isDir = false;
  constructor(
    private readonly src: ObjectInfo,
    readonly remote: string,
  ) {}
  get size(): number {
    return this.src.size;
  }
  get fs(): Info {
    return this.src.fs;
  }
  get storable(): boolean {
    return this.src.storable;
  }
  modTime(): Promise<bigint> {
    return this.src.modTime();
  }
  hash(t: Parameters<ObjectInfo["hash"]>[0]): Promise<string> {
    return this.src.hash(t);
  }
  mimeType(): Promise<string> {
    return this.src.mimeType ? this.src.mimeType() : Promise.resolve("");
  }
  metadata(): Promise<Record<string, string> | undefined> {
    return this.src.metadata ? this.src.metadata() : Promise.resolve(undefined);
  }
  toString(): string {
    return this.remote;
  }
}

/** An ObjectInfo that is src with another remote path. */
export function overrideRemote(src: ObjectInfo, remote: string): ObjectInfo {
  return src.remote === remote ? src : new OverrideRemote(src, remote);
}

/** Same kind of backend (for server-side operations across remotes). */
export function sameRemoteType(a: Info, b: Info): boolean {
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b);
}

/** True if server-side operations between the two are allowed. */
function serverSideOK(ctx: OpsContext, src: Info, dst: Fs): boolean {
  if (sameConfig(src, dst)) return true;
  return sameRemoteType(src, dst) && (dst.features.serverSideAcrossConfigs || ctx.opt.serverSideAcrossConfigs);
}

/** rclone's checkLimits: has --max-transfer been reached? */
function checkLimits(ctx: OpsContext, pendingSize: number): void {
  const max = ctx.opt.maxTransfer;
  if (max < 0) return;
  const mode = ctx.opt.cutoffMode.toUpperCase();
  const soFar = mode === "CAUTIOUS" ? ctx.stats.bytes + Math.max(pendingSize, 0) : ctx.stats.bytes;
  if (soFar >= max) {
    ctx.stats.maxTransferHit = true;
    throw maxTransferError(mode === "HARD");
  }
}

/** The temporary name of an upload: `<remote>.<crc32 hex><suffix>`, or remote itself when writing in place. */
function partialName(ctx: OpsContext, fdst: Fs, remote: string, src: ObjectInfo, modTime: Time | undefined): { name: string; inplace: boolean } {
  if (ctx.opt.inplace || !fdst.features.move || !fdst.features.partialUploads || remote.endsWith(".rclonelink")) {
    return { name: remote, inplace: true };
  }
  const suffix = ctx.opt.partialSuffix;
  if (suffix.length > 16) {
    throw new FsError("usage", `expecting length of --partial-suffix to be not greater than 16 but got ${suffix.length}`);
  }
  // The name only has to differ between different sources of the same file: size and time will do.
  let fp = String(src.size);
  if (modTime !== undefined) fp += "," + String(modTime);
  const sum = nodeZlib().crc32(remote + fp) >>> 0;
  const tail = "." + sum.toString(16).padStart(8, "0") + suffix;
  if (Buffer.byteLength(baseName(remote)) > 100) {
    const bytes = Buffer.from(remote, "utf8");
    let cut = bytes.subarray(0, Math.max(0, bytes.length - tail.length)).toString("utf8");
    while (cut.endsWith("\ufffd")) cut = cut.slice(0, -1);
    return { name: cut + tail, inplace: false };
  }
  return { name: remote + tail, inplace: false };
}

async function removeQuietly(ctx: OpsContext, o: Obj | undefined): Promise<void> {
  if (!o) return;
  ctx.log.info(o, "Removing failed copy");
  try {
    await o.remove();
  } catch (err) {
    ctx.log.info(o, `Failed to remove failed copy: ${errorMessage(err)}`);
  }
}

async function removePartial(ctx: OpsContext, f: Fs, remote: string): Promise<void> {
  let o: Obj;
  try {
    o = await f.newObject(remote);
  } catch (err) {
    if (!isKind(err, "objectNotFound")) ctx.log.info(remote, `Failed to remove failed partial copy: ${errorMessage(err)}`);
    return;
  }
  await removeQuietly(ctx, o);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Copies src to fdst at remote (or over dst if it exists). Returns the new
 * object, or undefined when skipped (--dry-run, -i). Errors are counted and
 * logged here, then thrown.
 */
export async function copyObject(ctx: OpsContext, fdst: Fs, dst: Obj | undefined, remote: string, src: Obj): Promise<Obj | undefined> {
  const acc = ctx.stats.beginTransfer(src.remote, src.size);
  let ok = false;
  try {
    if (gatesDestructive(ctx) && (await skipDestructive(ctx, src, "copy"))) {
      acc.add(Math.max(src.size, 0));
      ok = true;
      return undefined;
    }
    const target = dst ? dst.remote : remote;
    const ht = commonHash(ctx, fdst, src.fs);
    const hashes = ht === undefined ? 0 : hashBit(ht);
    // The partial name is fingerprinted with the time, unless reading it is slow.
    const modTime = src.fs.features.slowModTime ? undefined : (src.knownModTime?.() ?? (await src.modTime()));
    const partial = partialName(ctx, fdst, target, src, modTime);
    const maxTries = Math.max(1, ctx.opt.lowLevelRetries);
    let newDst: Obj | undefined;
    let action = "";
    let lastErr: unknown;
    for (let tries = 0; tries < maxTries; tries++) {
      lastErr = undefined;
      try {
        checkLimits(ctx, src.size);
        const copyFn = fdst.features.copy;
        let done = false;
        if (copyFn && serverSideOK(ctx, src.fs, fdst)) {
          try {
            newDst = await copyFn.call(fdst.features, src, partial.name);
            ctx.stats.serverSideCopies++;
            ctx.stats.serverSideCopyBytes += Math.max(newDst.size, 0);
            action = "Copied (server-side copy)";
            done = true;
          } catch (err) {
            if (!isKind(err, "cantCopy")) throw err;
          }
        }
        const hard = ctx.opt.maxTransfer >= 0 && ctx.opt.cutoffMode.toUpperCase() === "HARD" ? ctx.opt.maxTransfer : -1;
        // A destination that can take the bytes more directly than a stream (local to local) does so;
        // a hard --max-transfer needs the byte-exact cut of the stream, so it always streams.
        const copyData = fdst.features.copyData;
        if (!done && copyData && hard < 0 && src.size >= 0) {
          const finalRemote = partial.inplace || partial.name === target ? undefined : target;
          const nd = await copyData.call(fdst.features, src, partial.name, { hashes, signal: ctx.signal, progress: (n) => acc.add(n), finalRemote });
          if (nd) {
            newDst = nd;
            action = dst ? "Copied (replaced existing)" : "Copied (new)";
            done = true;
          }
        }
        if (!done) {
          let rs: Readable;
          try {
            rs = await src.open({ hashes, headers: headerMap(ctx.opt.headerDownload), signal: ctx.signal });
          } catch (err) {
            throw wrapError("failed to open source object", err);
          }
          const input = accountStream(rs, acc, ctx.stats, hard);
          const info = overrideRemote(src, partial.name);
          const putOpts = { hashes, headers: headerMap(ctx.opt.headerUpload), signal: ctx.signal };
          try {
            if (src.size < 0) {
              newDst = fdst.features.putStream ? await fdst.features.putStream.call(fdst.features, input, info, putOpts) : await fdst.put(input, info, putOpts);
              action = dst ? "Copied (Rcat, replaced existing)" : "Copied (Rcat, new)";
            } else if (dst && partial.inplace) {
              await dst.update(input, info, putOpts);
              newDst = dst;
              action = "Copied (replaced existing)";
            } else {
              newDst = await fdst.put(input, info, putOpts);
              action = dst ? "Copied (replaced existing)" : "Copied (new)";
            }
          } finally {
            if (!input.destroyed) input.destroy();
          }
        }
      } catch (err) {
        lastErr = err;
        if (ctx.signal.aborted || isFatal(err)) break;
        const after = retryAfterOf(err);
        const retry = isRetryMarked(err) || shouldRetry(err) || after !== undefined;
        if (!retry) break;
        if (after !== undefined && after > Date.now()) await sleep(after - Date.now());
        ctx.log.debug(src, `Received error: ${errorMessage(err)} - low level retry ${tries}/${maxTries}`);
        acc.reset();
        continue;
      }
      break;
    }
    if (lastErr !== undefined || !newDst) {
      const err = lastErr ?? new FsError("other", "copy produced no object");
      ctx.stats.countError(err);
      ctx.log.error(src, `Failed to copy: ${errorMessage(err)}`);
      if (!partial.inplace) await removePartial(ctx, fdst, partial.name);
      throw err;
    }
    // Verify what arrived.
    const verifyErr = await verify(ctx, src, newDst, ht);
    if (verifyErr) {
      ctx.log.error(newDst, verifyErr.message);
      ctx.stats.countError(verifyErr);
      await removeQuietly(ctx, newDst);
      throw verifyErr;
    }
    if (!partial.inplace && newDst.remote !== target) {
      try {
        newDst = await fdst.features.move!.call(fdst.features, newDst, target);
      } catch (err) {
        ctx.log.error(newDst, `partial file rename failed: ${errorMessage(err)}`);
        ctx.stats.countError(err);
        await removeQuietly(ctx, newDst);
        throw err;
      }
    }
    if (newDst.remote !== src.remote) action += ` to: ${newDst.remote}`;
    ctx.log.info(src, action);
    ok = true;
    return newDst;
  } finally {
    acc.finish(ok);
  }
}

async function verify(ctx: OpsContext, src: Obj, dst: Obj, ht: ReturnType<typeof commonHash>): Promise<FsError | undefined> {
  if (sizeDiffers(ctx, src, dst)) {
    return new FsError("corrupted", `corrupted on transfer: sizes differ src(${src.fs.toString()}) ${src.size} vs dst(${dst.fs.toString()}) ${dst.size}`);
  }
  if (ht !== undefined) {
    const h = await checkHashesOf(ctx, src, dst, ht);
    if (!h.equal) {
      return new FsError(
        "corrupted",
        `corrupted on transfer: ${ht} hashes differ src(${src.fs.toString()}) "${h.srcHash}" vs dst(${dst.fs.toString()}) "${h.dstHash}"`,
      );
    }
  }
  return undefined;
}

/** `--header-upload "Key: Value"` list to a map. */
function headerMap(list: string[]): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const h of list) {
    const i = h.indexOf(":");
    if (i > 0) out[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return out;
}

/**
 * Moves src to fdst at remote (over dst if it exists): server-side when
 * possible, else copy then delete the source.
 */
export async function moveObject(ctx: OpsContext, fdst: Fs, dst: Obj | undefined, remote: string, src: Obj): Promise<Obj | undefined> {
  if (ctx.opt.dryRun && dst && sameObject(src, dst) && src.remote === dst.remote) return dst;
  const moveFn = fdst.features.move;
  if (moveFn && serverSideOK(ctx, src.fs, fdst)) {
    const finishCheck = ctx.stats.beginCheck(src.remote, src.size);
    try {
      let target = remote;
      if (dst) {
        target = dst.remote;
        if (!sameObject(src, dst)) {
          await deleteFile(ctx, dst);
        } else if (src.remote === target) {
          return dst;
        }
      }
      const action = target !== src.remote ? `move to ${target}` : "move";
      if (await skipDestructive(ctx, src, action)) return undefined;
      try {
        const newDst = await moveFn.call(fdst.features, src, target);
        ctx.stats.renames++;
        ctx.stats.serverSideMoves++;
        ctx.stats.serverSideMoveBytes += Math.max(newDst.size, 0);
        ctx.log.info(src, newDst.remote !== src.remote ? `Moved (server-side) to: ${newDst.remote}` : "Moved (server-side)");
        return newDst;
      } catch (err) {
        if (!isKind(err, "cantMove")) {
          ctx.stats.countError(err);
          ctx.log.error(src, `Couldn't move: ${errorMessage(err)}`);
          throw err;
        }
        ctx.log.debug(src, "Can't move, switching to copy");
      }
    } finally {
      finishCheck();
    }
  }
  let newDst: Obj | undefined;
  try {
    newDst = await copyObject(ctx, fdst, dst, remote, src);
  } catch (err) {
    ctx.log.error(src, `Not deleting source as copy failed: ${errorMessage(err)}`);
    throw err;
  }
  await deleteFile(ctx, src);
  return newDst;
}

/** Counts a delete against --max-delete / --max-delete-size; fatal when over. */
function countDelete(ctx: OpsContext, size: number): void {
  const s = ctx.stats;
  if (ctx.opt.maxDelete >= 0 && s.deletes + 1 > ctx.opt.maxDelete) {
    throw new FsError("maxDeleteReached", "--max-delete threshold reached", { fatal: true });
  }
  if (ctx.opt.maxDeleteSize >= 0 && s.deletesSize + Math.max(size, 0) > ctx.opt.maxDeleteSize) {
    throw new FsError("maxDeleteReached", "--max-delete-size threshold reached", { fatal: true });
  }
  s.deletes++;
  s.deletesSize += Math.max(size, 0);
}

/** The name of a backed-up file: with --suffix, before the extension if --suffix-keep-extension. */
export function suffixName(ctx: OpsContext, remote: string): string {
  const suffix = ctx.opt.suffix;
  if (suffix === "") return remote;
  if (ctx.opt.suffixKeepExtension) {
    const slash = remote.lastIndexOf("/");
    const dot = remote.lastIndexOf(".");
    if (dot > slash + 1) return remote.slice(0, dot) + suffix + remote.slice(dot);
  }
  return remote + suffix;
}

/** Moves dst into the backup directory (at the same relative path, with any --suffix). */
export async function moveBackupDir(ctx: OpsContext, backupDir: Fs, dst: Obj): Promise<void> {
  const remote = suffixName(ctx, dst.remote);
  let overwritten: Obj | undefined;
  try {
    overwritten = await backupDir.newObject(remote);
  } catch {
    overwritten = undefined;
  }
  await moveObject(ctx, backupDir, overwritten, remote, dst);
}

/** Deletes one object (or moves it into the backup dir), honouring --dry-run, -i and --max-delete. */
export async function deleteFile(ctx: OpsContext, dst: Obj, backupDir?: Fs): Promise<void> {
  const finish = ctx.stats.beginCheck(dst.remote, dst.size);
  try {
    countDelete(ctx, dst.size);
    const [action, actioned] = backupDir ? ["move into backup dir", "Moved into backup dir"] : ["delete", "Deleted"];
    const skip = await skipDestructive(ctx, dst, action);
    if (skip) return;
    try {
      if (backupDir) await moveBackupDir(ctx, backupDir, dst);
      else await dst.remove();
    } catch (err) {
      ctx.log.error(dst, `Couldn't ${action}: ${errorMessage(err)}`);
      ctx.stats.countError(err);
      throw err;
    }
    ctx.log.info(dst, actioned);
  } catch (err) {
    ctx.stats.countError(err);
    throw err;
  } finally {
    finish();
  }
}

