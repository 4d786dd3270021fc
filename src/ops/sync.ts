/**
 * The library entry points for tree operations: copy, sync and move of
 * directories, and copyto/moveto of single files.
 */
import { FsError, errorMessage, isKind } from "../fs/errors.js";
import type { Fs, Obj } from "../fs/types.js";
import { deleteModeFromFlags, runSyncCopyMove, type SyncLogger } from "../sync/sync.js";
import type { OpsContext } from "./context.js";
import { copyObject, deleteFile, moveBackupDir, moveObject } from "./copy.js";
import { skipDestructive } from "./destructive.js";
import { needTransfer, sameObject } from "./equal.js";
import { backupDirFs, sameDir } from "./overlap.js";

export interface TreeOptions {
  /** Create empty source directories on the destination (--create-empty-src-dirs). */
  createEmptySrcDirs?: boolean;
  /** Per-file report (--combined and friends). */
  logger?: SyncLogger;
}

/** Makes dst identical to src, deleting extra files on dst (rclone sync). */
export async function sync(ctx: OpsContext, fdst: Fs, fsrc: Fs, o: TreeOptions = {}): Promise<void> {
  await runSyncCopyMove(ctx, fdst, fsrc, {
    deleteMode: deleteModeFromFlags(ctx),
    doMove: false,
    deleteEmptySrcDirs: false,
    copyEmptySrcDirs: o.createEmptySrcDirs ?? false,
    ...(o.logger ? { logger: o.logger } : {}),
  });
}

/** Copies src to dst, skipping identical files and deleting nothing (rclone copy). */
export async function copy(ctx: OpsContext, fdst: Fs, fsrc: Fs, o: TreeOptions = {}): Promise<void> {
  await runSyncCopyMove(ctx, fdst, fsrc, {
    deleteMode: "off",
    doMove: false,
    deleteEmptySrcDirs: false,
    copyEmptySrcDirs: o.createEmptySrcDirs ?? false,
    ...(o.logger ? { logger: o.logger } : {}),
  });
}

export interface MoveOptions extends TreeOptions {
  /** Remove source directories the move leaves empty. */
  deleteEmptySrcDirs?: boolean;
}

/** Moves src to dst: a server-side directory move when possible, else file by file (rclone move). */
export async function move(ctx: OpsContext, fdst: Fs, fsrc: Fs, o: MoveOptions = {}): Promise<void> {
  if (sameDir(fdst, fsrc)) {
    ctx.log.error(fdst, "Nothing to do as source and destination are the same");
    return;
  }
  const dirMove = fdst.features.dirMove;
  if (dirMove && fdst.name === fsrc.name && ctx.filter.inactive) {
    if (await skipDestructive(ctx, fdst, "server-side directory move")) return;
    ctx.log.debug(fdst, "Using server-side directory move");
    try {
      await dirMove.call(fdst.features, fsrc, "", "");
      ctx.log.info(fdst, "Server side directory move succeeded");
      return;
    } catch (err) {
      if (!isKind(err, "cantDirMove") && !isKind(err, "dirExists")) {
        ctx.stats.countError(err);
        throw err;
      }
      ctx.log.info(fdst, `Server side directory move failed - fallback to file moves: ${errorMessage(err)}`);
    }
  }
  await runSyncCopyMove(ctx, fdst, fsrc, {
    deleteMode: "off",
    doMove: true,
    deleteEmptySrcDirs: o.deleteEmptySrcDirs ?? false,
    copyEmptySrcDirs: o.createEmptySrcDirs ?? false,
    ...(o.logger ? { logger: o.logger } : {}),
  });
}

async function findObject(f: Fs, remote: string): Promise<Obj | undefined> {
  try {
    return await f.newObject(remote);
  } catch (err) {
    if (isKind(err, "objectNotFound")) return undefined;
    throw err;
  }
}

async function moveOrCopyFile(ctx: OpsContext, fdst: Fs, fsrc: Fs, dstFileName: string, srcFileName: string, cp: boolean): Promise<void> {
  const join = (root: string, name: string): string => (root.replace(/\/+$/, "") + "/" + name).replace(/\/+/g, "/");
  if (fdst.name === fsrc.name && join(fdst.root, dstFileName) === join(fsrc.root, srcFileName)) {
    ctx.log.debug(fdst, `don't need to copy/move ${dstFileName}, it is already at target location`);
    return;
  }
  let srcObj: Obj;
  try {
    srcObj = await fsrc.newObject(srcFileName);
  } catch (err) {
    ctx.stats.countError(err);
    throw err;
  }
  const dstObj = ctx.opt.noCheckDest ? undefined : await findObject(fdst, dstFileName);
  let backupDir: Fs | undefined;
  if (ctx.opt.backupDir !== "" || ctx.opt.suffix !== "") {
    try {
      backupDir = await backupDirFs(ctx, fdst, fsrc, srcFileName);
    } catch (err) {
      throw new FsError("usage", `creating Fs for --backup-dir failed: ${errorMessage(err)}`, { cause: err, fatal: true });
    }
  }
  if (await needTransfer(ctx, dstObj, srcObj)) {
    let dst = dstObj;
    if (dst && backupDir) {
      try {
        await moveBackupDir(ctx, backupDir, dst);
      } catch (err) {
        throw new FsError("other", `moving to --backup-dir failed: ${errorMessage(err)}`, { cause: err });
      }
      dst = undefined;
    }
    if (cp) await copyObject(ctx, fdst, dst, dstFileName, srcObj);
    else await moveObject(ctx, fdst, dst, dstFileName, srcObj);
  } else if (!cp) {
    if (ctx.opt.ignoreExisting) {
      ctx.log.debug(srcObj, "Not removing source file as destination file exists and --ignore-existing is set");
    } else if (!dstObj || !sameObject(srcObj, dstObj)) {
      await deleteFile(ctx, srcObj);
    }
  }
}

/** Copies one file to an exact destination name (rclone copyto of a file). */
export function copyFile(ctx: OpsContext, fdst: Fs, fsrc: Fs, dstFileName: string, srcFileName: string): Promise<void> {
  return moveOrCopyFile(ctx, fdst, fsrc, dstFileName, srcFileName, true);
}

/** Moves one file to an exact destination name (rclone moveto of a file). */
export function moveFile(ctx: OpsContext, fdst: Fs, fsrc: Fs, dstFileName: string, srcFileName: string): Promise<void> {
  return moveOrCopyFile(ctx, fdst, fsrc, dstFileName, srcFileName, false);
}
