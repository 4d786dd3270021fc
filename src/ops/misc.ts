/**
 * The smaller operations: delete, purge, rmdirs, cat, rcat, touch.
 */
import { Readable } from "node:stream";
import { FsError, errorMessage, isKind } from "../fs/errors.js";
import type { Fs, Obj, ObjectInfo, Time } from "../fs/types.js";
import { HASH_NONE } from "../fs/hash.js";
import type { OpsContext } from "./context.js";
import { deleteFile } from "./copy.js";
import { skipDestructive } from "./destructive.js";
import { dirLogName, tryRmdir } from "./dirs.js";
import { listObjects } from "./list.js";
import { parentDir, walk } from "./walk.js";

/** Deletes every object under dir that the filter includes, --checkers at a time. */
export async function deleteAll(ctx: OpsContext, f: Fs, dir = ""): Promise<void> {
  const running = new Set<Promise<void>>();
  const limit = Math.max(1, ctx.opt.checkers);
  let failed = 0;
  let fatal: unknown;
  await listObjects(
    ctx,
    f,
    async (o) => {
      // A fatal refusal (--max-delete-size) stops only that file: smaller ones may still fit.
      while (running.size >= limit) await Promise.race(running);
      const p = deleteFile(ctx, o).catch((err: unknown) => {
        failed++;
        if ((err as FsError).fatal) fatal = err;
      });
      running.add(p);
      void p.finally(() => running.delete(p));
    },
    dir,
  );
  await Promise.all(running);
  if (fatal !== undefined) throw fatal;
  if (failed > 0) throw new FsError("other", `failed to delete ${failed} files`);
}

/** Removes dir and everything in it (server-side if the backend can). */
export async function purge(ctx: OpsContext, f: Fs, dir = ""): Promise<void> {
  let fallback = true;
  const doPurge = f.features.purge;
  if (doPurge) {
    fallback = false;
    ctx.stats.deletedDirs++;
    if (await skipDestructive(ctx, dirLogName(f, dir), "purge directory")) return;
    try {
      await doPurge.call(f.features, dir);
    } catch (err) {
      if (isKind(err, "cantPurge")) fallback = true;
      else {
        ctx.stats.countError(err);
        throw err;
      }
    }
  }
  if (fallback) {
    // Purge ignores filters: everything goes.
    const all = { ...ctx, filter: { ...ctx.filter, inactive: true } };
    await deleteAll(all, f, dir);
    await rmdirs(all, f, dir, false);
  }
}

/** Removes the empty directories under dir (and dir itself unless leaveRoot). */
export async function rmdirs(ctx: OpsContext, f: Fs, dir: string, leaveRoot: boolean): Promise<void> {
  const dirEmpty = new Map<string, boolean>([[dir, !leaveRoot]]);
  await walk(ctx, f, dir, {
    maxLevel: ctx.opt.maxDepth,
    onDir: (_d, entries) => {
      for (const e of entries) {
        if (e.isDir) {
          if (!dirEmpty.has(e.remote)) dirEmpty.set(e.remote, true);
        } else {
          let d = e.remote;
          while (d !== "") {
            d = parentDir(d);
            if (dirEmpty.get(d) === false) break;
            dirEmpty.set(d, false);
          }
        }
      }
    },
    onError: (d, err) => {
      ctx.stats.countError(err);
      ctx.log.error(f, `Failed to list "${d}": ${errorMessage(err)}`);
    },
  });
  const byLevel: string[][] = [];
  for (const [d, empty] of dirEmpty) {
    if (!empty) continue;
    if (!ctx.filter.inactive && !ctx.filter.includeRemote(d + "/")) continue;
    const level = d === "" ? 0 : d.split("/").length;
    (byLevel[level] ??= []).push(d);
  }
  let errCount = 0;
  let lastErr: unknown;
  for (let level = byLevel.length - 1; level >= 0; level--) {
    const dirs = (byLevel[level] ?? []).sort();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < dirs.length) {
        const d = dirs[next++]!;
        try {
          await tryRmdir(ctx, f, d);
        } catch (err) {
          ctx.stats.countError(err);
          ctx.log.error(d === "" ? f : d, `Failed to rmdir: ${errorMessage(err)}`);
          errCount++;
          lastErr = err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(dirs.length, Math.max(1, ctx.opt.checkers)) }, worker));
  }
  if (errCount > 0) {
    throw new FsError("other", `failed to remove directories: ${errCount} errors: last error: ${errorMessage(lastErr)}`, { cause: lastErr });
  }
}

export interface CatOptions {
  offset: number;
  count: number;
  separator: string;
  discard: boolean;
}

/** Writes the contents of every object to write, in listing order. */
export async function cat(ctx: OpsContext, f: Fs, write: (b: Buffer) => void | Promise<void>, o: CatOptions): Promise<void> {
  await listObjects(ctx, f, async (obj) => {
    const acc = ctx.stats.beginTransfer(obj.remote, obj.size);
    let ok = false;
    try {
      let start = o.offset;
      if (start < 0) start += obj.size;
      let end = -1;
      if (o.count >= 0) end = start + o.count - 1;
      let rs: Readable;
      try {
        rs = await obj.open(start > 0 || end >= 0 ? { range: { start, end } } : {});
      } catch (err) {
        ctx.stats.countError(err);
        ctx.log.error(obj, `Failed to open: ${errorMessage(err)}`);
        return;
      }
      let left = o.count >= 0 ? o.count : Number.MAX_SAFE_INTEGER;
      for await (const chunk of rs as AsyncIterable<Buffer>) {
        const c = chunk.length > left ? chunk.subarray(0, left) : chunk;
        left -= c.length;
        acc.add(c.length);
        if (!o.discard) await write(c);
        if (left <= 0) break;
      }
      rs.destroy();
      if (o.separator !== "" && !o.discard) await write(Buffer.from(o.separator, "utf8"));
      ok = true;
    } finally {
      acc.finish(ok);
    }
  });
}

/** An ObjectInfo for data that has no object yet (rcat, touch). */
export function makeObjectInfo(f: Fs, remote: string, size: number, modTime: Time): ObjectInfo {
  return {
    isDir: false,
    remote,
    size,
    fs: f,
    storable: true,
    modTime: async () => modTime,
    hash: async () => "",
    toString: () => remote,
  };
}

/** A placeholder Info that has no hashes (so nothing is compared by hash). */
function noHashFs(f: Fs): Fs {
  return new Proxy(f, {
    get(t, p, r) {
      if (p === "hashes") return () => HASH_NONE;
      const v = Reflect.get(t, p, r) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

/** Uploads a stream of unknown (or given) size to f at remote (rclone rcat). */
export async function rcat(ctx: OpsContext, f: Fs, remote: string, input: Readable, modTime: Time, size = -1): Promise<Obj | undefined> {
  const acc = ctx.stats.beginTransfer(remote, size);
  let ok = false;
  try {
    if (await skipDestructive(ctx, remote, "upload")) {
      input.resume();
      ok = true;
      return undefined;
    }
    const counting = async function* (): AsyncGenerator<Buffer> {
      for await (const c of input as AsyncIterable<Buffer>) {
        acc.add(c.length);
        yield c;
      }
    };
    const cutoff = ctx.opt.streamingUploadCutoff;
    if (size >= 0) {
      const o = await f.put(Readable.from(counting(), { objectMode: false }), makeObjectInfo(noHashFs(f), remote, size, modTime));
      // The stream may have been shorter (or longer) than announced: what arrived must match.
      if (o.size !== size) {
        const err = new FsError("corrupted", `corrupted on transfer: sizes differ src(${remote}) ${size} vs dst(${f.toString()}) ${o.size}`);
        try {
          await o.remove();
        } catch (removeErr) {
          ctx.log.info(o, `Failed to remove failed copy: ${errorMessage(removeErr)}`);
        }
        throw err;
      }
      ok = true;
      return o;
    }
    // Small streams are read whole so that the size is known; big ones stream.
    const chunks: Buffer[] = [];
    let total = 0;
    const it = counting();
    let ended = false;
    while (total <= cutoff) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      chunks.push(r.value);
      total += r.value.length;
    }
    const rest = async function* (): AsyncGenerator<Buffer> {
      for (const c of chunks) yield c;
      if (ended) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    };
    const data = Readable.from(rest(), { objectMode: false });
    let o: Obj;
    if (ended) {
      o = await f.put(data, makeObjectInfo(noHashFs(f), remote, total, modTime));
    } else if (f.features.putStream) {
      o = await f.features.putStream.call(f.features, data, makeObjectInfo(noHashFs(f), remote, -1, modTime));
    } else {
      throw new FsError("notImplemented", `${f.toString()} can't upload streams of unknown size`);
    }
    ctx.log.info(o, "Copied (Rcat)");
    ok = true;
    return o;
  } catch (err) {
    ctx.stats.countError(err);
    ctx.log.error(remote, `Failed to upload: ${errorMessage(err)}`);
    throw err;
  } finally {
    acc.finish(ok);
  }
}

/** Sets an object's modification time, creating it empty unless noCreate. */
export async function touchFile(ctx: OpsContext, f: Fs, remote: string, t: Time, noCreate: boolean): Promise<void> {
  let o: Obj | undefined;
  try {
    o = await f.newObject(remote);
  } catch (err) {
    if (!isKind(err, "objectNotFound")) throw err;
  }
  if (!o) {
    if (noCreate) return;
    if (await skipDestructive(ctx, remote, "touch (create)")) return;
    ctx.log.debug(undefined, "Touch time " + t.toString());
    await f.put(Readable.from([Buffer.alloc(0)]), makeObjectInfo(noHashFs(f), remote, 0, t));
    return;
  }
  if (await skipDestructive(ctx, o, "touch")) return;
  try {
    await o.setModTime(t);
  } catch (err) {
    if (isKind(err, "cantSetModTime") || isKind(err, "cantSetModTimeWithoutDelete")) {
      throw new FsError("other", `can't set modification time: ${errorMessage(err)}`, { cause: err });
    }
    throw err;
  }
}

/** Touches every object under the Fs (touch -R). */
export async function touchDir(ctx: OpsContext, f: Fs, t: Time): Promise<void> {
  await listObjects(ctx, f, async (o) => {
    if (await skipDestructive(ctx, o, "touch")) return;
    ctx.log.debug(o, "Touching");
    try {
      await o.setModTime(t);
    } catch (err) {
      ctx.stats.countError(err);
      ctx.log.error(o, `Failed to touch: ${errorMessage(err)}`);
    }
  });
}
