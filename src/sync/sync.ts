/**
 * sync, copy and move of whole trees (rclone's fs/sync). The march feeds
 * pairs to the checkers (--checkers), which decide what needs transferring
 * and feed the transfers (--transfers); queues between them are bounded by
 * --max-backlog, so the run never holds more than a backlog of work plus the
 * directories being listed. Deletes happen before, during or (by default)
 * after the transfers, and never after any error.
 */
import { FsError, errorMessage, fatalError, isFatal, isKind, isNoRetry } from "../fs/errors.js";
import type { DirEntry, Directory, Fs, Obj } from "../fs/types.js";
import { MODTIME_NOT_SUPPORTED } from "../fs/types.js";
import type { OpsContext } from "../ops/context.js";
import { copyObject, deleteFile, moveBackupDir, moveObject } from "../ops/copy.js";
import { dirLogName, dirsEqual, mkdir, mkdirModTime, setDirModTime, tryRmdir } from "../ops/dirs.js";
import { commonHash, modifyWindow, needTransfer, quickUnchanged, sameObject, type Verdict } from "../ops/equal.js";
import { backupDirFs, canServerSideMove, overlapping, sameDir } from "../ops/overlap.js";
import { parentDir } from "../ops/walk.js";
import { March } from "./march.js";
import { AsyncQueue, runWorkers } from "./queue.js";
import { renameKey, parseTrackRenamesStrategy, type RenameStrategy } from "./renames.js";

export type DeleteMode = "off" | "before" | "during" | "after" | "only";

/** Per-file report of a sync/check (--combined, --missing-on-dst, …). */
export type SyncLogger = (verdict: Verdict, src: DirEntry | undefined, dst: DirEntry | undefined, err?: unknown) => void;

export interface SyncOptions {
  deleteMode: DeleteMode;
  doMove: boolean;
  deleteEmptySrcDirs: boolean;
  copyEmptySrcDirs: boolean;
  logger?: SyncLogger;
  /** Allow the source and destination to overlap (not for users). */
  allowOverlap?: boolean;
}

interface Pair {
  src: Obj;
  dst: Obj | undefined;
}

interface DelayedDir {
  src: Directory;
  dir: string;
  modTime: bigint;
  level: number;
}

class SyncRun {
  private readonly ctx: OpsContext;
  private readonly abort = new AbortController();
  private stopIn = false;
  private fatalErr: unknown;
  private err: unknown;
  private noRetryErr: unknown;
  private readonly toBeChecked: AsyncQueue<Pair>;
  private readonly toBeUploaded: AsyncQueue<Pair>;
  private readonly toBeRenamed: AsyncQueue<Pair>;
  private readonly toBeDeleted: AsyncQueue<Obj>;
  private readonly dstFiles = new Map<string, Obj>();
  private readonly dstEmptyDirs = new Map<string, Directory>();
  private readonly srcEmptyDirs = new Map<string, Directory>();
  private readonly srcMoveEmptyDirs = new Map<string, Directory>();
  private readonly renameCheck: Obj[] = [];
  private readonly delayedDirs: DelayedDir[] = [];
  private readonly modifiedDirs = new Set<string>();
  private deleteMode: DeleteMode;
  private noTraverse: boolean;
  private trackRenames: boolean;
  private renameStrategy: RenameStrategy;
  private backupDir: Fs | undefined;
  private readonly window: bigint;
  private readonly setDirModTimeOn: boolean;
  private readonly setDirModTimeAfter: boolean;
  private readonly logger: SyncLogger;
  private readonly usingLogger: boolean;
  /** Decides unchanged pairs in the march itself, sparing them the checkers' queue; undefined when every pair needs the full check. */
  private readonly unchanged: ((src: Obj, dst: Obj) => boolean) | undefined;
  private maxDurationEnd = 0;
  /** The directory whose ancestors a file last marked not empty (see markParentNotEmpty). */
  private lastNotEmptyDir: string | undefined;

  constructor(
    parent: OpsContext,
    private readonly fdst: Fs,
    private readonly fsrc: Fs,
    private readonly o: SyncOptions,
  ) {
    const signal = AbortSignal.any([parent.signal, this.abort.signal]);
    this.ctx = { ...parent, signal };
    const opt = parent.opt;
    this.deleteMode = o.deleteMode;
    this.noTraverse = opt.noTraverse;
    this.trackRenames = opt.trackRenames;
    this.renameStrategy = parseTrackRenamesStrategy(opt.trackRenamesStrategy);
    this.window = modifyWindow(parent, fsrc, fdst);
    const sf = fsrc.features;
    const df = fdst.features;
    this.setDirModTimeOn = !opt.noUpdateDirModtime && sf.canHaveEmptyDirectories && (df.writeDirSetModTime || df.mkdirMetadata !== undefined || df.dirSetModTime !== undefined);
    this.setDirModTimeAfter = !opt.noUpdateDirModtime && (!o.copyEmptySrcDirs || (sf.canHaveEmptyDirectories && df.dirModTimeUpdatesOnWrite));
    this.usingLogger = o.logger !== undefined;
    // A move removes unchanged sources and a logger reports them: those pairs still go through the checkers.
    this.unchanged = o.doMove || this.usingLogger ? undefined : quickUnchanged(parent, fsrc, fdst);
    this.logger = o.logger ?? ((): void => undefined);
    const backlog = opt.checkFirst ? Number.MAX_SAFE_INTEGER : Math.max(1, opt.maxBacklog);
    this.toBeChecked = new AsyncQueue(backlog);
    this.toBeUploaded = new AsyncQueue(backlog);
    this.toBeRenamed = new AsyncQueue(backlog);
    this.toBeDeleted = new AsyncQueue(Math.max(1, opt.checkers));
  }

  /** Validates the flags; may turn some off with an error log, as rclone does. */
  async prepare(): Promise<void> {
    const { ctx, fdst, fsrc } = this;
    const opt = ctx.opt;
    if ((this.deleteMode !== "off" || this.o.doMove) && !this.o.allowOverlap && (await overlapping(ctx, fdst, fsrc))) {
      throw fatalError(new FsError("overlapping"));
    }
    if (opt.checkFirst) ctx.log.info(fdst, "Running all checks before starting transfers");
    if (this.noTraverse && this.deleteMode !== "off") {
      if (ctx.filter.filesFrom() === undefined) ctx.log.error(undefined, "Ignoring --no-traverse with sync");
      this.noTraverse = false;
    }
    if (opt.noCheckDest) {
      if (this.deleteMode !== "off") throw new FsError("usage", "can't use --no-check-dest with sync: use copy instead");
      if (opt.immutable) throw new FsError("usage", "can't use --no-check-dest with --immutable");
      if (opt.backupDir !== "") throw new FsError("usage", "can't use --no-check-dest with --backup-dir");
    }
    if (this.trackRenames) {
      if (!canServerSideMove(fdst)) {
        ctx.log.error(fdst, "Ignoring --track-renames as the destination does not support server-side move or copy");
        this.trackRenames = false;
      } else if (this.renameStrategy.hash && commonHash(ctx, fsrc, fdst) === undefined) {
        ctx.log.error(fdst, "Ignoring --track-renames as the source and destination do not have a common hash");
        this.trackRenames = false;
      } else if (this.renameStrategy.modtime && this.window === MODTIME_NOT_SUPPORTED) {
        ctx.log.error(fdst, "Ignoring --track-renames as either the source or destination do not support modtime");
        this.trackRenames = false;
      } else if (this.deleteMode === "off") {
        ctx.log.error(fdst, "Ignoring --track-renames as it doesn't work with copy or move, only sync");
        this.trackRenames = false;
      }
    }
    if (this.trackRenames) {
      if (this.deleteMode !== "off") this.deleteMode = "after";
      if (this.noTraverse) {
        ctx.log.error(undefined, "Ignoring --no-traverse with --track-renames");
        this.noTraverse = false;
      }
    }
    if (opt.backupDir !== "" || opt.suffix !== "") this.backupDir = await backupDirFs(ctx, fdst, fsrc);
    if (opt.compareDest.length > 0 || opt.copyDest.length > 0) {
      throw new FsError("notImplemented", "--compare-dest and --copy-dest are not supported yet");
    }
    if (opt.maxDuration > 0n) {
      this.maxDurationEnd = Date.now() + Number(opt.maxDuration / 1_000_000n);
      ctx.log.info(fdst, `Transfer session ${opt.cutoffMode.toUpperCase()} deadline: ${new Date(this.maxDurationEnd).toISOString()}`);
    }
  }

  private aborting(): boolean {
    return this.ctx.signal.aborted;
  }

  /** Stops starting new work; what is running finishes. */
  private stopNewWork(): void {
    if (this.stopIn) return;
    this.stopIn = true;
    this.toBeChecked.abort();
    this.toBeUploaded.abort();
    this.toBeRenamed.abort();
  }

  private processError(err: unknown): void {
    if (err === undefined || err === null) return;
    if (isKind(err, "maxTransferLimitReached") && !isFatal(err)) {
      if (!this.stopIn) {
        this.ctx.log.notice(undefined, `${errorMessage(err)} - stopping transfers`);
        this.stopNewWork();
      }
    }
    if (isKind(err, "aborted") && this.stopIn && !isFatal(err)) return;
    if (isFatal(err)) {
      if (!this.aborting()) {
        this.ctx.log.error(undefined, `Cancelling sync due to fatal error: ${errorMessage(err)}`);
        this.stopNewWork();
        this.toBeDeleted.abort();
        this.abort.abort();
      }
      this.fatalErr = err;
    } else if (isNoRetry(err)) {
      this.noRetryErr = err;
    } else {
      this.err = err;
    }
  }

  private currentError(): unknown {
    return this.fatalErr ?? this.err ?? this.noRetryErr;
  }

  private markDirModified(dir: string): void {
    if (this.setDirModTimeAfter) this.modifiedDirs.add(dir);
  }

  private markDirModifiedObject(o: Obj): void {
    this.markDirModified(parentDir(o.remote));
  }

  private markParentNotEmpty(entry: DirEntry): void {
    if (entry.isDir) {
      this.srcEmptyDirs.set(entry.remote, entry);
      if (this.o.doMove && this.o.deleteEmptySrcDirs) this.srcMoveEmptyDirs.set(entry.remote, entry);
      if (this.o.copyEmptySrcDirs) this.srcEmptyDirs.delete(parentDir(entry.remote));
      return;
    }
    let dir = parentDir(entry.remote);
    // A directory's entry is always seen before its files, so once one file has cleared
    // the chain of its ancestors, its siblings have nothing left to clear.
    if (dir === this.lastNotEmptyDir) return;
    this.lastNotEmptyDir = dir;
    for (;;) {
      this.srcEmptyDirs.delete(dir);
      if (dir === "") break;
      dir = parentDir(dir);
    }
  }

  private async copyDirMetadata(dst: Directory | undefined, dir: string, src: Directory): Promise<void> {
    const { ctx, fdst } = this;
    const equal = await dirsEqual(ctx, src, dst, this.window, this.setDirModTimeOn);
    if (!this.setDirModTimeAfter && equal) return;
    try {
      if (!equal) {
        if (!dst && this.setDirModTimeOn && this.o.copyEmptySrcDirs) await mkdirModTime(ctx, fdst, dir, await src.modTime());
        else if (!dst && this.o.copyEmptySrcDirs) await mkdir(ctx, fdst, dir);
        else if (dst && this.setDirModTimeOn) await setDirModTime(ctx, fdst, dst.remote, await src.modTime());
      }
      if (this.setDirModTimeOn && this.setDirModTimeAfter) {
        const d = dst ? dst.remote : dir;
        const level = d === "" ? 0 : d.split("/").length;
        this.delayedDirs.push({ src, dir: d, modTime: await src.modTime(), level });
      }
    } catch (err) {
      this.ctx.stats.countError(err);
      this.processError(err);
    }
  }

  private async setDelayedDirModTimes(): Promise<void> {
    const { ctx, fdst } = this;
    let maxLevel = 0;
    for (const d of this.delayedDirs) maxLevel = Math.max(maxLevel, d.level);
    let errCount = 0;
    let lastErr: unknown;
    for (let level = maxLevel; level >= 0; level--) {
      const items = this.delayedDirs.filter((d) => d.level === level && this.modifiedDirs.has(d.dir) && (this.o.copyEmptySrcDirs || !this.srcEmptyDirs.has(d.dir)));
      for (const item of items) this.modifiedDirs.add(parentDir(item.dir));
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < items.length && !this.aborting()) {
          const item = items[next++]!;
          try {
            await setDirModTime(ctx, fdst, item.dir, item.modTime);
          } catch (err) {
            if (isKind(err, "dirNotFound") || isKind(err, "objectNotFound")) continue;
            ctx.stats.countError(err);
            ctx.log.error(item.dir, `Failed to update directory timestamp or metadata: ${errorMessage(err)}`);
            errCount++;
            lastErr = err;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, ctx.opt.checkers) }, worker));
    }
    if (errCount > 0) throw new FsError("other", `failed to set directory modtime: ${errCount} errors: last error: ${errorMessage(lastErr)}`, { cause: lastErr });
  }

  // ---- march callbacks ----

  srcOnly(src: DirEntry): Promise<boolean> | boolean {
    if (this.deleteMode === "only") return false;
    if (src.isDir) return this.srcOnlyDir(src);
    this.logger("missingOnDst", src, undefined);
    this.markParentNotEmpty(src);
    if (this.trackRenames) {
      this.renameCheck.push(src);
      return false;
    }
    this.ctx.log.debug(src, "Need to transfer - File not found at Destination");
    this.markDirModifiedObject(src);
    this.ctx.stats.queueTransfer(src.size);
    // Without a promise while the transfer queue has room (a first sync queues every file here).
    const queued = this.toBeUploaded.put({ src, dst: undefined });
    if (queued === true) return false;
    return this.unqueued(queued, () => this.ctx.stats.dequeueTransfer(src.size));
  }

  /** Undoes a queue count (undo) when a put was refused (the run is aborting); false either way. */
  private async unqueued(put: Promise<boolean> | false, undo: () => void): Promise<boolean> {
    if (!(await put)) undo();
    return false;
  }

  /** Tells the logger (--combined etc.) about a directory; the marker Error, a stack trace each, only for one. */
  private logDir(kind: Verdict, src: DirEntry | undefined, dst: DirEntry | undefined): void {
    if (this.usingLogger) this.logger(kind, src, dst, new FsError("isDir"));
  }

  private async srcOnlyDir(src: Directory): Promise<boolean> {
    this.markParentNotEmpty(src);
    this.logDir("missingOnDst", src, undefined);
    await this.copyDirMetadata(undefined, src.remote, src);
    this.markDirModified(src.remote);
    return true;
  }

  async dstOnly(dst: DirEntry): Promise<boolean> {
    if (this.deleteMode === "off") {
      if (this.usingLogger) {
        this.logger("missingOnSrc", undefined, dst, dst.isDir ? new FsError("isDir") : undefined);
        return dst.isDir;
      }
      return false;
    }
    if (!dst.isDir) {
      this.logger("missingOnSrc", undefined, dst);
      if (this.deleteMode === "after") this.dstFiles.set(dst.remote, dst);
      else await this.toBeDeleted.put(dst);
      return false;
    }
    if (this.fdst.features.canHaveEmptyDirectories) {
      this.dstEmptyDirs.set(dst.remote, dst);
      this.logDir("missingOnSrc", undefined, dst);
    }
    return true;
  }

  match(dst: DirEntry, src: DirEntry): Promise<boolean> | boolean {
    if (!src.isDir && !dst.isDir) {
      // The common case, kept free of promises: most pairs of a re-sync are settled here.
      this.markParentNotEmpty(src);
      if (this.deleteMode === "only") return false;
      if (this.unchanged !== undefined && src.storable && !this.stopIn && !this.aborting() && this.unchanged(src, dst)) {
        this.ctx.stats.countCheck();
        return false;
      }
      return this.queueCheck(src, dst);
    }
    return this.matchSlow(dst, src);
  }

  private queueCheck(src: Obj, dst: Obj): Promise<boolean> | boolean {
    this.ctx.stats.queueCheck(src.size);
    const queued = this.toBeChecked.put({ src, dst });
    if (queued === true) return false;
    return this.unqueued(queued, () => this.ctx.stats.dequeueCheck(src.size));
  }

  private async matchSlow(dst: DirEntry, src: DirEntry): Promise<boolean> {
    if (!src.isDir) {
      this.markParentNotEmpty(src);
      if (this.deleteMode === "only") return false;
      const err = new FsError("other", "can't overwrite directory with file");
      this.ctx.log.error(dst, err.message);
      this.ctx.stats.countError(err);
      this.processError(err);
      this.logger("error", src, dst, err);
      return false;
    }
    this.markParentNotEmpty(src);
    if (dst.isDir) {
      this.logDir("match", src, dst);
      await this.copyDirMetadata(dst, "", src);
      return true;
    }
    const err = new FsError("other", "can't overwrite file with directory");
    this.ctx.log.error(dst, err.message);
    this.ctx.stats.countError(err);
    this.processError(err);
    this.logger("error", src, dst, err);
    return false;
  }

  // ---- workers ----

  private async pairChecker(pair: Pair): Promise<void> {
    const { ctx } = this;
    ctx.stats.dequeueCheck(pair.src.size);
    if (this.stopIn || this.aborting()) return;
    const src = pair.src;
    const done = ctx.stats.beginCheck(src.remote, src.size);
    try {
      if (!src.storable) return;
      const need = await needTransfer(ctx, pair.dst, src);
      if (!need) this.logger("match", src, pair.dst);
      else this.logger("differ", src, pair.dst);
      if (need) {
        if (ctx.opt.immutable && pair.dst) {
          const err = new FsError("immutableModified", undefined, { noRetry: true });
          ctx.stats.countError(err);
          ctx.log.error(pair.dst, `Source and destination exist but do not match: ${err.message}`);
          this.processError(err);
          return;
        }
        this.markDirModifiedObject(pair.dst ?? src);
        if (pair.dst && this.backupDir) {
          try {
            await moveBackupDir(ctx, this.backupDir, pair.dst);
          } catch (err) {
            this.processError(err);
            this.logger("error", src, pair.dst, err);
            return;
          }
          pair = { src, dst: undefined };
        }
        ctx.stats.queueTransfer(src.size);
        if (!(await this.toBeUploaded.put(pair))) ctx.stats.dequeueTransfer(src.size);
      } else if (this.o.doMove) {
        if (pair.dst && sameObject(src, pair.dst)) {
          ctx.log.notice(src, "Not removing source file as it is the same file as the destination");
        } else if (ctx.opt.ignoreExisting) {
          ctx.log.debug(src, "Not removing source file as destination file exists and --ignore-existing is set");
        } else {
          try {
            await deleteFile(ctx, src);
          } catch (err) {
            this.processError(err);
            this.logger("error", src, pair.dst, err);
          }
        }
      }
    } catch (err) {
      this.processError(err);
    } finally {
      done();
    }
  }

  private async pairCopyOrMove(pair: Pair): Promise<void> {
    const { ctx, fdst } = this;
    ctx.stats.dequeueTransfer(pair.src.size);
    if (this.stopIn || this.aborting()) return;
    if (this.maxDurationEnd > 0 && Date.now() >= this.maxDurationEnd) {
      this.stopNewWork();
      return;
    }
    try {
      if (this.o.doMove) await moveObject(ctx, fdst, pair.dst, pair.src.remote, pair.src);
      else await copyObject(ctx, fdst, pair.dst, pair.src.remote, pair.src);
    } catch (err) {
      this.processError(err);
      this.logger("error", pair.src, pair.dst, err);
    }
  }

  private async deleteOne(o: Obj): Promise<void> {
    if (this.aborting()) return;
    try {
      await deleteFile(this.ctx, o, this.backupDir);
    } catch (err) {
      this.logger("error", undefined, o, err);
      if (isFatal(err)) this.ctx.log.error(o, `Got fatal error on delete: ${errorMessage(err)}`);
      this.processError(err);
    }
  }

  private async deleteFiles(): Promise<void> {
    const { ctx } = this;
    if (ctx.stats.errored() && !ctx.opt.ignoreErrors) {
      ctx.log.error(this.fdst, new FsError("notDeleting").message);
      for (const o of this.dstFiles.values()) this.logger("error", undefined, o, new FsError("notDeleting"));
      throw new FsError("notDeleting");
    }
    const q = new AsyncQueue<Obj>(Math.max(1, ctx.opt.checkers));
    const workers = runWorkers(q, ctx.opt.checkers, (o) => this.deleteOne(o));
    for (const o of this.dstFiles.values()) {
      if (this.aborting()) break;
      await q.put(o);
    }
    q.close();
    await workers;
  }

  private async deleteEmptyDirectories(f: Fs, dirs: Map<string, Directory>): Promise<void> {
    if (dirs.size === 0) return;
    const { ctx } = this;
    if (ctx.stats.errored() && !ctx.opt.ignoreErrors) {
      ctx.log.error(f, new FsError("notDeletingDirs").message);
      throw new FsError("notDeletingDirs");
    }
    // Deepest first: reverse sorted order puts children before their parents.
    const list = [...dirs.keys()].sort().reverse();
    for (const dir of list) {
      try {
        await tryRmdir(ctx, f, dir);
      } catch (err) {
        ctx.log.debug(dirLogName(f, dir), `Failed to Rmdir: ${errorMessage(err)}`);
      }
    }
  }

  private async makeRenameMap(): Promise<Map<string, Obj[]>> {
    const { ctx } = this;
    ctx.log.info(this.fdst, "Making map for --track-renames");
    const sizes = new Set(this.renameCheck.map((o) => o.size));
    const map = new Map<string, Obj[]>();
    const candidates = [...this.dstFiles.values()].filter((o) => sizes.has(o.size));
    const ht = commonHash(ctx, this.fsrc, this.fdst);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < candidates.length) {
        const o = candidates[next++]!;
        const key = await renameKey(ctx, o, this.renameStrategy, ht);
        if (key !== "") {
          const l = map.get(key);
          if (l) l.push(o);
          else map.set(key, [o]);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, ctx.opt.checkers) }, worker));
    ctx.log.info(this.fdst, "Finished making map for --track-renames");
    return map;
  }

  private async tryRename(map: Map<string, Obj[]>, src: Obj): Promise<boolean> {
    const { ctx, fdst } = this;
    const ht = commonHash(ctx, this.fsrc, fdst);
    const key = await renameKey(ctx, src, this.renameStrategy, ht);
    if (key === "") return false;
    const dsts = map.get(key);
    if (!dsts || dsts.length === 0) return false;
    let i = 0;
    if (this.renameStrategy.modtime) {
      i = -1;
      const st = await src.modTime();
      for (let j = 0; j < dsts.length; j++) {
        const d = (await dsts[j]!.modTime()) - st;
        if (d < this.window && d > -this.window) {
          i = j;
          break;
        }
      }
      if (i < 0) return false;
    }
    const dst = dsts.splice(i, 1)[0]!;
    if (dsts.length === 0) map.delete(key);
    let overwritten: Obj | undefined;
    try {
      overwritten = await fdst.newObject(src.remote);
    } catch {
      overwritten = undefined;
    }
    try {
      await moveObject(ctx, fdst, overwritten, src.remote, dst);
    } catch (err) {
      ctx.log.debug(src, `Failed to rename to "${dst.remote}": ${errorMessage(err)}`);
      return false;
    }
    this.dstFiles.delete(dst.remote);
    ctx.log.info(src, `Renamed from "${dst.remote}"`);
    return true;
  }

  async run(): Promise<void> {
    const { ctx, fdst, fsrc, o } = this;
    if (sameDir(fdst, fsrc) && !o.allowOverlap) {
      ctx.log.error(fdst, "Nothing to do as source and destination are the same");
      return;
    }
    let durationTimer: NodeJS.Timeout | undefined;
    if (this.maxDurationEnd > 0) {
      const hard = ctx.opt.cutoffMode.toUpperCase() === "HARD";
      durationTimer = setTimeout(() => {
        if (hard) this.abort.abort();
        else this.stopNewWork();
      }, Math.max(0, this.maxDurationEnd - Date.now()));
    }
    const checkers = runWorkers(this.toBeChecked, ctx.opt.checkers, (p) => this.pairChecker(p));
    let transfers: Promise<void> | undefined;
    const startTransfers = (): void => {
      transfers = runWorkers(this.toBeUploaded, ctx.opt.transfers, (p) => this.pairCopyOrMove(p));
    };
    if (!ctx.opt.checkFirst) startTransfers();
    const deleters = this.deleteMode === "during" || this.deleteMode === "only" ? runWorkers(this.toBeDeleted, ctx.opt.checkers, (x) => this.deleteOne(x)) : undefined;

    const march = new March({
      ctx,
      fsrc,
      fdst,
      noTraverse: this.noTraverse,
      dstIncludeAll: ctx.opt.deleteExcluded,
      noCheckDest: ctx.opt.noCheckDest,
      noProcessDstOnly: this.deleteMode === "off" && !this.usingLogger,
      callbacks: this,
    });
    try {
      await march.run();
    } catch (err) {
      if (isKind(err, "dirNotFound") && isNoRetry(err)) {
        // The source root is missing: nothing was queued; stop here, deleting nothing.
        this.stopNewWork();
        this.toBeDeleted.abort();
        await Promise.all([checkers, transfers, deleters]);
        if (durationTimer) clearTimeout(durationTimer);
        throw err;
      }
      this.processError(err);
    }

    let renamers: Promise<void> | undefined;
    if (this.trackRenames && !this.aborting()) {
      const map = await this.makeRenameMap();
      renamers = runWorkers(this.toBeRenamed, ctx.opt.checkers, async (p) => {
        if (!(await this.tryRename(map, p.src))) {
          ctx.log.debug(p.src, "Need to transfer - No matching file found at Destination");
          ctx.stats.queueTransfer(p.src.size);
          if (!(await this.toBeUploaded.put(p))) ctx.stats.dequeueTransfer(p.src.size);
        }
      });
      for (const src of this.renameCheck) if (!(await this.toBeRenamed.put({ src, dst: undefined }))) break;
    }
    this.toBeChecked.close();
    await checkers;
    if (ctx.opt.checkFirst) {
      ctx.log.info(fdst, "Checks finished, now starting transfers");
      startTransfers();
    }
    this.toBeRenamed.close();
    await renamers;
    this.toBeUploaded.close();
    await transfers;
    this.toBeDeleted.close();
    await deleters;
    if (durationTimer) clearTimeout(durationTimer);

    if (this.deleteMode === "after") {
      if (this.currentError() !== undefined && !ctx.opt.ignoreErrors) {
        ctx.log.error(fdst, new FsError("notDeleting").message);
      } else {
        try {
          await this.deleteFiles();
        } catch (err) {
          this.processError(err);
        }
      }
    }
    if (this.setDirModTimeOn && this.setDirModTimeAfter && !this.aborting()) {
      try {
        await this.setDelayedDirModTimes();
      } catch (err) {
        this.processError(err);
      }
    }
    if (this.deleteMode !== "off") {
      if (this.currentError() !== undefined && !ctx.opt.ignoreErrors) {
        ctx.log.error(fdst, new FsError("notDeletingDirs").message);
      } else {
        try {
          await this.deleteEmptyDirectories(fdst, this.dstEmptyDirs);
        } catch (err) {
          this.processError(err);
        }
      }
    }
    if (o.doMove && o.deleteEmptySrcDirs) {
      try {
        await this.deleteEmptyDirectories(fsrc, this.srcMoveEmptyDirs);
      } catch (err) {
        this.processError(err);
      }
    }
    if (this.maxDurationEnd > 0 && Date.now() >= this.maxDurationEnd) {
      const err = new FsError("maxDurationReached", undefined, { fatal: true });
      ctx.log.error(fdst, err.message);
      ctx.stats.countError(err);
      this.fatalErr ??= err;
    } else if (ctx.signal.aborted && this.fatalErr === undefined) {
      this.processError(new FsError("aborted", "operation aborted", { fatal: true }));
    }
    if (this.deleteMode !== "only" && ctx.stats.transfers === 0 && this.currentError() === undefined) {
      ctx.log.info(undefined, "There was nothing to transfer");
    }
    const err = this.currentError();
    if (err !== undefined) throw err;
  }
}

/** Runs one sync/copy/move pass (two for --delete-before). */
export async function runSyncCopyMove(ctx: OpsContext, fdst: Fs, fsrc: Fs, o: SyncOptions): Promise<void> {
  if (o.deleteMode !== "off" && o.doMove) throw fatalError(new FsError("usage", "can't delete and move at the same time"));
  let mode = o.deleteMode;
  if (mode === "before") {
    if (ctx.opt.trackRenames) throw fatalError(new FsError("usage", "can't use --delete-before with --track-renames"));
    const first = new SyncRun(ctx, fdst, fsrc, { ...o, deleteMode: "only" });
    await first.prepare();
    await first.run();
    mode = "off";
  }
  const run = new SyncRun(ctx, fdst, fsrc, { ...o, deleteMode: mode });
  await run.prepare();
  await run.run();
}

/** The delete mode the flags ask for (sync). */
export function deleteModeFromFlags(ctx: OpsContext): DeleteMode {
  const o = ctx.opt;
  const n = Number(o.deleteBefore) + Number(o.deleteDuring) + Number(o.deleteAfter);
  if (n > 1) throw new FsError("usage", "Only one of --delete-before, --delete-during or --delete-after can be used.");
  if (o.deleteBefore) return "before";
  if (o.deleteDuring) return "during";
  return "after";
}
