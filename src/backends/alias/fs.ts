/**
 * Making an alias Fs: the target's Fs, rooted at the alias's path joined
 * onto the target. Chains of aliases are followed; a chain that comes back
 * on itself is stopped with a config error instead of recursing forever.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Context } from "../../fs/context.js";
import { FsError } from "../../fs/errors.js";
import { newFsOrFileError } from "../../fs/newfs.js";
import { readOptions, type ConfigMapper } from "../../fs/options.js";
import { joinRootPath } from "../../fs/path.js";
import type { Fs } from "../../fs/types.js";
import { ALIAS_OPTIONS } from "./options.js";

/** How many aliases may lead to one another before it counts as a loop. */
const MAX_DEPTH = 32;
/** The aliases being resolved in the current chain, innermost last. */
const chain = new AsyncLocalStorage<readonly string[]>();

export async function newAliasFs(name: string, root: string, config: ConfigMapper, ctx: Context): Promise<Fs> {
  const target = readOptions(ALIAS_OPTIONS, config).str("remote");
  if (target === "") throw new FsError("config", "alias can't point to an empty remote - check the value of the remote setting");
  if (target.startsWith(name + ":")) {
    throw new FsError("config", "can't point alias remote at itself - check the value of the remote setting");
  }
  const outer = chain.getStore() ?? [];
  if (outer.includes(name) || outer.length >= MAX_DEPTH) {
    throw new FsError("config", `aliases lead back to one another (${[...outer, name].join(" -> ")}) - check the value of the remote setting`);
  }
  return chain.run([...outer, name], () => newFsOrFileError(joinRootPath(target, root), ctx));
}
