/** listremotes: the remotes in the config file and the environment. */
import { filterRemotes, formatRemotes, listRemotes, orderRemotes, type RemoteFilters } from "../../config/remotes.js";
import { globStringToRegexp } from "../../filter/index.js";
import type { Cli } from "../cli.js";
import { loadConfig } from "../config-load.js";

export async function runListremotes(cli: Cli, args: string[]): Promise<void> {
  const cf = await loadConfig(cli.ctx.opt, cli.ctx.log, cli.explicitGlobals.has("config"));
  const f = cli.flags;
  const re = (s: string): RegExp | undefined => (s === "" ? undefined : globStringToRegexp(s, true, false).js);
  const filters: RemoteFilters = {};
  const all = re(args[0] ?? "");
  if (all) filters.all = all;
  for (const [key, flag] of [["name", "name"], ["type", "type"], ["source", "source"], ["description", "description"]] as const) {
    const r = re(f.str(flag));
    if (r) filters[key] = r;
  }
  const remotes = orderRemotes(filterRemotes(listRemotes(cf), filters), f.str("order-by"));
  cli.out.write(formatRemotes(remotes, { long: f.bool("long"), json: f.bool("json") }));
}
