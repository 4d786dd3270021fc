/**
 * Registration of the alias backend ("alias"): a remote that stands for
 * another remote's path, or a local path. The Fs it makes is the target's
 * own, so listings, hashes and features are the target's. The code that
 * makes it loads only when an alias is used.
 */
import type { Context } from "../../fs/context.js";
import type { ConfigMapper } from "../../fs/options.js";
import { registerBackend, type RegInfo } from "../../fs/registry.js";
import type { Fs } from "../../fs/types.js";
import { ALIAS_OPTIONS } from "./options.js";

export { ALIAS_OPTIONS } from "./options.js";

/** The alias backend's registration. */
export const aliasRegInfo: RegInfo = registerBackend({
  name: "alias",
  description: "Alias for an existing remote",
  options: ALIAS_OPTIONS,
  async newFs(name: string, root: string, config: ConfigMapper, ctx: Context): Promise<Fs> {
    const impl = await import("./fs.js");
    return impl.newAliasFs(name, root, config, ctx);
  },
});
