/** --track-renames: how a destination file is recognised as a renamed source file. */
import { FsError, errorMessage } from "../fs/errors.js";
import type { HashType } from "../fs/hash.js";
import type { Obj } from "../fs/types.js";
import type { OpsContext } from "../ops/context.js";
import { baseName } from "../ops/walk.js";

export interface RenameStrategy {
  hash: boolean;
  modtime: boolean;
  leaf: boolean;
}

/** Parses --track-renames-strategy (comma list of hash, modtime, leaf, size). */
export function parseTrackRenamesStrategy(s: string): RenameStrategy {
  const out: RenameStrategy = { hash: false, modtime: false, leaf: false };
  if (s === "") return out;
  for (const part of s.split(",")) {
    switch (part) {
      case "hash":
        out.hash = true;
        break;
      case "modtime":
        out.modtime = true;
        break;
      case "leaf":
        out.leaf = true;
        break;
      case "size":
        break;
      default:
        throw new FsError("usage", `unknown track renames strategy "${part}"`);
    }
  }
  return out;
}

/** The key two files must share to be a rename: size, then hash and/or leaf name. "" = can't tell. */
export async function renameKey(ctx: OpsContext, o: Obj, st: RenameStrategy, ht: HashType | undefined): Promise<string> {
  let key = String(o.size);
  if (st.hash) {
    if (ht === undefined) return "";
    let h: string;
    try {
      h = await o.hash(ht);
    } catch (err) {
      ctx.log.debug(o, `Hash failed: ${errorMessage(err)}`);
      return "";
    }
    if (h === "") return "";
    key += "," + h;
  }
  if (st.leaf) key += "," + baseName(o.remote);
  return key;
}
