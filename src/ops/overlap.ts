/** Whether two Fs overlap, and the --backup-dir checks built on it. */
import { FsError, errorMessage, fatalError } from "../fs/errors.js";
import { newFsFromPath } from "../fs/newfs.js";
import type { Fs, Info } from "../fs/types.js";
import type { OpsContext } from "./context.js";
import { sameConfig } from "./equal.js";

function fixRoot(f: Info): [string, string] {
  let s = f.root.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
  if (s !== "") s += "/";
  return [s, f.features.caseInsensitive ? s.toLowerCase() : s];
}

async function filterCheck(ctx: OpsContext, f: Fs, dir: string): Promise<boolean> {
  if (ctx.filter.inactive) return true;
  try {
    return await ctx.filter.includeDirectory(f)(dir.replace(/\/$/, ""));
  } catch (err) {
    ctx.log.error(f, `Failed to discover whether directory is included: ${errorMessage(err)}`);
    return true;
  }
}

/** True if one root is inside the other on the same remote, unless a filter excludes it. */
export async function overlapping(ctx: OpsContext, fdst: Fs, fsrc: Fs): Promise<boolean> {
  if (!sameConfig(fdst, fsrc)) return false;
  const [dRoot, dFold] = fixRoot(fdst);
  const [sRoot, sFold] = fixRoot(fsrc);
  if (dFold === sFold) return true;
  if (dFold.startsWith(sFold)) return filterCheck(ctx, fsrc, dRoot.slice(sRoot.length));
  if (sFold.startsWith(dFold)) return filterCheck(ctx, fdst, sRoot.slice(dRoot.length));
  return false;
}

/** Same remote and same root. */
export function sameDir(a: Info, b: Info): boolean {
  return sameConfig(a, b) && fixRoot(a)[1] === fixRoot(b)[1];
}

/** True if the Fs can move or copy server-side. */
export function canServerSideMove(f: Fs): boolean {
  return f.features.move !== undefined || f.features.copy !== undefined;
}

/** Resolves --backup-dir (or --suffix alone) into the Fs to move replaced files into. */
export async function backupDirFs(ctx: OpsContext, fdst: Fs, fsrc: Fs | undefined, srcFileName = ""): Promise<Fs> {
  let backup: Fs;
  const o = ctx.opt;
  if (o.backupDir !== "") {
    try {
      backup = await newFsFromPath(o.backupDir, ctx);
    } catch (err) {
      throw fatalError(new FsError("config", `failed to make fs for --backup-dir "${o.backupDir}": ${errorMessage(err)}`, { cause: err }));
    }
    if (!sameConfig(fdst, backup)) {
      throw fatalError(new FsError("usage", "parameter to --backup-dir has to be on the same remote as destination"));
    }
    if (srcFileName === "") {
      if (await overlapping(ctx, backup, fdst)) throw fatalError(new FsError("usage", "destination and parameter to --backup-dir mustn't overlap"));
      if (fsrc && (await overlapping(ctx, backup, fsrc))) throw fatalError(new FsError("usage", "source and parameter to --backup-dir mustn't overlap"));
    } else if (o.suffix === "") {
      if (sameDir(fdst, backup)) throw fatalError(new FsError("usage", "destination and parameter to --backup-dir mustn't be the same"));
      if (fsrc && sameDir(fsrc, backup)) throw fatalError(new FsError("usage", "source and parameter to --backup-dir mustn't be the same"));
    }
  } else {
    backup = fdst;
  }
  if (!canServerSideMove(backup)) {
    throw fatalError(new FsError("usage", "can't use --backup-dir on a remote which doesn't support server-side move or copy"));
  }
  return backup;
}
