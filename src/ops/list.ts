/**
 * The listing operations behind ls, lsl, lsd, lsf, lsjson, size and the
 * hashsum family, writing rclone's exact line formats.
 */
import { FsError, errorMessage, isKind } from "../fs/errors.js";
import { hashTypes, hashWidth, newHasher, parseHashType, type HashType } from "../fs/hash.js";
import type { DirEntry, Directory, Fs, Obj } from "../fs/types.js";
import { formatGoTime, lsfTimeLayout, lsjsonTimeLayout, resolveTimeFormat } from "../lib/gotime.js";
import { goJsonStringify } from "../lib/gojson.js";
import { mimeTypeByName } from "../lib/mime.js";
import { formatCount, formatSize } from "../lib/units.js";
import type { OpsContext } from "./context.js";
import { baseName, walk } from "./walk.js";

/** Where listing lines go. */
export type LineSink = (s: string) => void;

/** --max-depth, with non-recursive listings limited to one level. */
export function configMaxDepth(ctx: OpsContext, recursive: boolean): number {
  const d = ctx.opt.maxDepth;
  if (!recursive && d < 0) return 1;
  return d;
}

function sizeString(n: number, human: boolean): string {
  if (!human) return String(n);
  return n < 0 ? "-" + formatSize(-n) : formatSize(n);
}

function countString(n: number, human: boolean): string {
  if (!human) return String(n);
  return n < 0 ? "-" + formatCount(-n) : formatCount(n);
}

/** A size in a fixed-width field, as rclone's SizeStringField. */
export function sizeField(n: number, human: boolean, width: number): string {
  return sizeString(n, human).padStart(human ? 9 : width);
}

function countField(n: number, human: boolean, width: number): string {
  return countString(n, human).padStart(human ? 8 : width);
}

/**
 * Walks f from dir as rclone's walk.ListR does on a backend without ListR
 * (listRwalk): a directory that can't be listed, the root included, is
 * logged as "error listing: …" and counted, the walk goes on, and the last
 * such error is thrown at the end. The thrown error is not the counted one,
 * so the command's final "Failed to …" counts it once more, as rclone does
 * ("Failed to ls with 2 errors: last error was: directory not found").
 */
export async function listR(
  ctx: OpsContext,
  f: Fs,
  dir: string,
  maxLevel: number,
  onDir: (dir: string, entries: DirEntry[]) => void | Promise<void>,
): Promise<void> {
  let listErr: unknown;
  await walk(ctx, f, dir, {
    maxLevel,
    onDir,
    onError: (d, err) => {
      listErr = err;
      const counted = err instanceof FsError ? new FsError(err.kind, err.message, { cause: err, noRetry: err.noRetry, fatal: err.fatal, retry: err.retry }) : err;
      ctx.stats.countError(counted);
      ctx.log.error(d, `error listing: ${errorMessage(err)}`);
    },
  });
  if (listErr !== undefined) throw listErr;
}

/** Calls fn for every object under f (recursive unless --max-depth limits it). */
export async function listObjects(ctx: OpsContext, f: Fs, fn: (o: Obj) => void | Promise<void>, dir = ""): Promise<void> {
  await listR(ctx, f, dir, ctx.opt.maxDepth, async (_dir, entries) => {
    for (const e of entries) if (!e.isDir) await fn(e);
  });
}

/** `ls`: size and path of every object. */
export function ls(ctx: OpsContext, f: Fs, out: LineSink): Promise<void> {
  const human = ctx.opt.humanReadable;
  return listObjects(ctx, f, (o) => out(`${sizeField(o.size, human, 9)} ${o.remote}\n`));
}

/** `lsl`: size, modification time (local, nanoseconds) and path. */
export function lsl(ctx: OpsContext, f: Fs, out: LineSink): Promise<void> {
  const human = ctx.opt.humanReadable;
  return listObjects(ctx, f, async (o) => {
    const t = await o.modTime();
    out(`${sizeField(o.size, human, 9)} ${formatGoTime(t, "2006-01-02 15:04:05.000000000")} ${o.remote}\n`);
  });
}

/** `lsd`: directories, one level (or recursive). */
export async function lsd(ctx: OpsContext, f: Fs, out: LineSink, recursive: boolean): Promise<void> {
  const human = ctx.opt.humanReadable;
  await listR(ctx, f, "", configMaxDepth(ctx, recursive), async (_dir, entries) => {
    for (const e of entries) {
      if (!e.isDir) continue;
      const t = await e.modTime();
      out(`${sizeField(e.size, human, 12)} ${formatGoTime(t, "2006-01-02 15:04:05").padStart(13)} ${countField(e.items, human, 9)} ${e.remote}\n`);
    }
  });
}

/** One lsjson entry, with rclone's field order. */
export interface ListJsonItem {
  Path: string;
  Name: string;
  EncryptedPath?: string;
  Encrypted?: string;
  Size: number;
  MimeType?: string;
  ModTime: string;
  IsDir: boolean;
  Hashes?: Record<string, string>;
  ID?: string;
  OrigID?: string;
  Tier?: string;
  IsBucket?: boolean;
  Metadata?: Record<string, string>;
}

export interface ListJsonOptions {
  recurse?: boolean;
  noModTime?: boolean;
  noMimeType?: boolean;
  showHash?: boolean;
  hashTypes?: string[];
  dirsOnly?: boolean;
  filesOnly?: boolean;
  metadata?: boolean;
  showOrigIds?: boolean;
}

/** Builds lsjson items for one Fs. */
class JsonLister {
  readonly layout: string;
  readonly hashTypes: HashType[];
  readonly showHash: boolean;
  readonly isBucket: boolean;

  constructor(
    private readonly ctx: OpsContext,
    private readonly f: Fs,
    remote: string,
    private readonly o: ListJsonOptions,
  ) {
    this.layout = lsjsonTimeLayout(f.precision());
    this.isBucket = f.features.bucketBased && remote === "" && f.root === "";
    this.showHash = o.showHash ?? false;
    this.hashTypes = hashTypes(f.hashes());
    if (o.hashTypes && o.hashTypes.length > 0) {
      this.showHash = true;
      this.hashTypes = o.hashTypes.map((t) => {
        const h = parseHashType(t);
        if (h === undefined) throw new FsError("usage", `unknown hash type "${t}"`);
        return h;
      });
    }
  }

  async item(e: DirEntry): Promise<ListJsonItem | undefined> {
    const o = this.o;
    if (e.isDir && o.filesOnly && !o.dirsOnly) return undefined;
    if (!e.isDir && o.dirsOnly && !o.filesOnly) return undefined;
    const mimeType = o.noMimeType ? undefined : await mimeTypeOf(e);
    let modTime = "";
    if (!o.noModTime) {
      const t = await e.modTime();
      modTime = t === 0n && e.isDir ? "" : formatGoTime(t, this.layout);
    }
    let metadata: Record<string, string> | undefined;
    if (o.metadata && e.metadata) {
      try {
        metadata = await e.metadata();
      } catch (err) {
        this.ctx.log.error(e, `Failed to read metadata: ${errorMessage(err)}`);
      }
    }
    let hashes: Record<string, string> | undefined;
    let id: string | undefined;
    let tier: string | undefined;
    if (e.isDir) {
      if (e.id !== "") id = e.id;
    } else {
      id = e.id?.() || undefined;
      if (this.showHash) {
        const h: Record<string, string> = {};
        for (const t of this.hashTypes) {
          try {
            const v = await e.hash(t);
            if (v !== "") h[t] = v;
          } catch (err) {
            this.ctx.log.error(e, `Failed to read hash: ${errorMessage(err)}`);
          }
        }
        hashes = sortKeys(h);
      }
      if (this.f.features.getTier && e.tier) tier = e.tier() || undefined;
    }
    // Built in one go so that the keys come out in rclone's field order.
    const out: ListJsonItem = {
      Path: e.remote,
      Name: e.remote === "" ? "" : baseName(e.remote),
      Size: e.size,
      ...(mimeType !== undefined && mimeType !== "" ? { MimeType: mimeType } : {}),
      ModTime: modTime,
      IsDir: e.isDir,
      ...(hashes && Object.keys(hashes).length > 0 ? { Hashes: hashes } : {}),
      ...(id ? { ID: id } : {}),
      ...(tier ? { Tier: tier } : {}),
      ...(e.isDir && this.isBucket ? { IsBucket: true } : {}),
      ...(metadata && Object.keys(metadata).length > 0 ? { Metadata: metadata } : {}),
    };
    return out;
  }
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}

async function mimeTypeOf(e: DirEntry): Promise<string> {
  if (e.isDir) return "inode/directory";
  if (e.mimeType) {
    const m = await e.mimeType();
    if (m !== "") return m;
  }
  return mimeTypeByName(e.remote);
}

/** Produces the lsjson items of f under remote, calling cb for each, directory by directory. */
export async function listJson(ctx: OpsContext, f: Fs, remote: string, o: ListJsonOptions, cb: (item: ListJsonItem) => void | Promise<void>): Promise<void> {
  const lj = new JsonLister(ctx, f, remote, o);
  try {
    await listR(ctx, f, remote, configMaxDepth(ctx, o.recurse ?? false), async (_dir, entries) => {
      for (const e of entries) {
        const item = await lj.item(e);
        if (item) await cb(item);
      }
    });
  } catch (err) {
    throw listJsonError(err);
  }
}

/** rclone's `error in ListJSON: %w`, keeping the kind (and so the exit code). */
function listJsonError(err: unknown): unknown {
  if (err instanceof FsError) return new FsError(err.kind, `error in ListJSON: ${err.message}`, { cause: err });
  return new FsError("other", `error in ListJSON: ${errorMessage(err)}`, { cause: err });
}

/** `lsjson --stat`: the single item at remote, or undefined if absent. */
export async function statJson(ctx: OpsContext, f: Fs, remote: string, o: ListJsonOptions): Promise<ListJsonItem | undefined> {
  const lj = new JsonLister(ctx, f, remote, o);
  const files = !(o.dirsOnly && !o.filesOnly);
  const dirs = !(o.filesOnly && !o.dirsOnly);
  const fakeDir = (r: string): Directory => ({
    isDir: true,
    remote: r,
    size: -1,
    items: -1,
    id: "",
    fs: f,
    modTime: async () => BigInt(Date.now()) * 1_000_000n,
    toString: () => r,
  });
  if (remote === "") {
    if (!dirs) return undefined;
    await f.list("");
    return lj.item(fakeDir(""));
  }
  if (files && !remote.endsWith("/")) {
    try {
      return await lj.item(await f.newObject(remote));
    } catch (err) {
      if (!isKind(err, "objectNotFound") && !isKind(err, "isDir") && !dirs) throw err;
      if (!dirs) return undefined;
    }
  }
  const r = remote.replace(/\/+$/, "");
  const slash = r.lastIndexOf("/");
  const parent = slash < 0 ? "" : r.slice(0, slash);
  let entries: DirEntry[];
  try {
    entries = await f.list(parent);
  } catch (err) {
    if (isKind(err, "dirNotFound")) return undefined;
    throw err;
  }
  const eq = f.features.caseInsensitive ? (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase() : (a: string, b: string): boolean => a === b;
  const found = entries.find((e) => eq(e.remote, r));
  return found ? lj.item(found) : undefined;
}

/** Serialises an lsjson item as rclone does (compact, Go escaping). */
export function formatJsonItem(item: ListJsonItem): string {
  return goJsonStringify(item);
}

export interface LsfOptions {
  format: string;
  separator: string;
  dirSlash: boolean;
  hash: string;
  filesOnly: boolean;
  dirsOnly: boolean;
  csv: boolean;
  absolute: boolean;
  timeFormat: string;
  recursive: boolean;
}

function csvField(s: string, comma: string): string {
  if (s === "" || !(s.includes(comma) || s.includes('"') || s.includes("\r") || s.includes("\n") || s.startsWith(" ") || s.startsWith("\t"))) {
    return s;
  }
  return `"${s.replace(/"/g, '""')}"`;
}

/** `lsf`: one line per entry in the chosen format. */
export async function lsf(ctx: OpsContext, f: Fs, out: LineSink, o: LsfOptions): Promise<void> {
  const jo: ListJsonOptions = { noModTime: true, noMimeType: true, dirsOnly: o.dirsOnly, filesOnly: o.filesOnly, recurse: o.recursive };
  const fields: ((i: ListJsonItem, e: { t?: bigint }) => string)[] = [];
  const norm = (i: ListJsonItem, p: string): string => {
    let r = p;
    if (o.absolute && !r.startsWith("/")) r = "/" + r;
    if (i.IsDir && o.dirSlash) r += "/";
    return r;
  };
  let needTime = false;
  for (const ch of o.format) {
    switch (ch) {
      case "p":
        fields.push((i) => norm(i, i.Path));
        break;
      case "t": {
        needTime = true;
        let tf = o.timeFormat;
        if (tf === "max") tf = lsfTimeLayout(f.precision());
        if (tf === "") fields.push((_i, e) => formatGoTime(e.t!, "2006-01-02 15:04:05"));
        else if (tf === "unix") fields.push((_i, e) => String(e.t! / 1_000_000_000n - (e.t! < 0n && e.t! % 1_000_000_000n !== 0n ? 1n : 0n)));
        else if (tf === "unixnano") fields.push((_i, e) => String(e.t!));
        else {
          const layout = resolveTimeFormat(tf);
          fields.push((_i, e) => formatGoTime(e.t!, layout));
        }
        break;
      }
      case "s":
        fields.push((i) => String(i.Size));
        break;
      case "h": {
        const ht = parseHashType(o.hash);
        if (ht === undefined) throw new FsError("usage", `unknown hash type "${o.hash}"`);
        jo.showHash = true;
        jo.hashTypes = [ht];
        fields.push((i) => (i.IsDir ? "" : (i.Hashes?.[ht] ?? "")));
        break;
      }
      case "i":
        fields.push((i) => i.ID ?? "");
        break;
      case "o":
        jo.showOrigIds = true;
        fields.push((i) => i.OrigID ?? "");
        break;
      case "m":
        jo.noMimeType = false;
        fields.push((i) => i.MimeType ?? "");
        break;
      case "e":
        fields.push((i) => norm(i, i.Encrypted ?? ""));
        break;
      case "T":
        fields.push((i) => i.Tier ?? "");
        break;
      case "M":
        jo.metadata = true;
        fields.push((i) => goJsonStringify(i.Metadata ?? {}));
        break;
      default:
        // A command error, not a usage error: rclone exits 1 with "Failed to lsf: …".
        throw new FsError("other", `unknown format character '${ch}'`);
    }
  }
  const lj = new JsonLister(ctx, f, "", jo);
  const comma = o.separator === "" ? "," : Array.from(o.separator)[0]!;
  // rclone's lsf is a ListJSON underneath, so its errors read the same.
  try {
    await listR(ctx, f, "", configMaxDepth(ctx, o.recursive), async (_dir, entries) => {
      for (const e of entries) {
        const item = await lj.item(e);
        if (!item) continue;
        if (item.IsDir) item.Size = -1;
        const extra = needTime ? { t: await e.modTime() } : {};
        const parts = fields.map((fn) => fn(item, extra));
        out((o.csv ? parts.map((p) => csvField(p, comma)).join(comma) : parts.join(o.separator)) + "\n");
      }
    });
  } catch (err) {
    throw listJsonError(err);
  }
}

/** `size`: counts of objects and bytes (objects of unknown size counted apart). */
export async function count(ctx: OpsContext, f: Fs): Promise<{ count: number; bytes: number; sizeless: number }> {
  let n = 0;
  let bytes = 0;
  let sizeless = 0;
  await listObjects(ctx, f, (o) => {
    n++;
    if (o.size < 0) sizeless++;
    else bytes += o.size;
  });
  return { count: n, bytes, sizeless };
}

/** `hashsum`: one line per object, "<hash>  <path>". */
export async function hashLister(ctx: OpsContext, ht: HashType, base64: boolean, download: boolean, f: Fs, out: LineSink): Promise<void> {
  const width = base64 ? Math.ceil((hashWidth(ht) / 2) / 3) * 4 : hashWidth(ht);
  const limit = Math.max(1, download ? ctx.opt.transfers : ctx.opt.checkers);
  const running = new Set<Promise<void>>();
  await listObjects(ctx, f, async (o) => {
    while (running.size >= limit) await Promise.race(running);
    const p = (async (): Promise<void> => {
      try {
        const sum = await hashSum(ctx, ht, base64, download, o);
        out(`${sum.padStart(width)}  ${o.remote}\n`);
      } catch (err) {
        ctx.stats.countError(err);
        ctx.log.error(o, errorMessage(err));
      }
    })();
    running.add(p);
    void p.finally(() => running.delete(p));
  });
  await Promise.all(running);
}

/** The hash of one object (computed by reading it with download). */
export async function hashSum(ctx: OpsContext, ht: HashType, base64: boolean, download: boolean, o: Obj): Promise<string> {
  let sum: string;
  if (download) {
    const h = await newHasher(ht);
    let rs;
    try {
      rs = await o.open();
    } catch (err) {
      throw new FsError("other", `failed to open file ${o.remote}: ${errorMessage(err)}`, { cause: err });
    }
    const acc = ctx.stats.beginTransfer(o.remote, o.size);
    try {
      for await (const chunk of rs as AsyncIterable<Buffer>) {
        h.update(chunk);
        acc.add(chunk.length);
      }
    } finally {
      acc.finish(true);
    }
    sum = h.digest();
  } else {
    const done = ctx.stats.beginCheck(o.remote, o.size);
    try {
      sum = await o.hash(ht);
    } catch (err) {
      throw new FsError("other", `hash unsupported: ${errorMessage(err)}`, { cause: err });
    } finally {
      done();
    }
  }
  if (sum === "") return "UNSUPPORTED";
  if (base64) return Buffer.from(sum, "hex").toString("base64url").padEnd(Math.ceil(sum.length / 2 / 3) * 4, "=");
  return sum;
}
