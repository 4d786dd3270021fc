/**
 * The flags a command accepts: the global options, every backend's options
 * (`--<prefix>-<name>`, or bare for no-prefix ones like -L/--copy-links),
 * -h/--help, and the command's own.
 */
import { GLOBAL_FLAGS, globalFlagName, type GlobalFlagSpec } from "../fs/globals.js";
import { HIDE_COMMAND_LINE, optionFlagName } from "../fs/options.js";
import { backends } from "../fs/registry.js";
import { FlagSet, type FlagDef } from "./flagparse.js";
import type { CommandSpec } from "./spec.js";

export const HELP_FLAG: FlagDef = { name: "help", short: "h", type: "bool", default: false, help: "help for this command" };

/** The global flags as FlagDefs. */
export function globalFlagDefs(): FlagDef[] {
  return (Object.entries(GLOBAL_FLAGS) as [string, GlobalFlagSpec][]).map(([key, s]) => ({
    name: globalFlagName(key),
    type: s.type,
    default: s.default,
    help: s.help,
    ...(s.short ? { short: s.short } : {}),
    ...(s.hidden ? { hidden: true } : {}),
  }));
}

/** Every backend option as a flag. */
export function backendFlagDefs(): FlagDef[] {
  const out: FlagDef[] = [];
  for (const reg of backends()) {
    for (const o of reg.options) {
      const help = o.help.split("\n")[0]!.trim().replace(/[.!?]+$/, "") + (o.isPassword ? " (obscured)" : "");
      out.push({
        name: optionFlagName(o, reg.prefix),
        type: o.type,
        default: o.default,
        help,
        ...(o.shortOpt ? { short: o.shortOpt } : {}),
        ...((o.hide ?? 0) & HIDE_COMMAND_LINE ? { hidden: true } : {}),
      });
    }
  }
  return out;
}

/** Flag sets already built, per command, with the number of backends they saw (a later registration adds flags). */
const built = new Map<CommandSpec | undefined, { backends: number; set: FlagSet }>();
let shared: { backends: number; defs: FlagDef[] } | undefined;

/**
 * The flag set of one command (or of no command yet). Built once per
 * command: the command line is scanned with several, and each holds every
 * backend's options.
 */
export function buildFlagSet(spec: CommandSpec | undefined): FlagSet {
  const n = backends().length;
  const cached = built.get(spec);
  if (cached?.backends === n) return cached.set;
  if (shared?.backends !== n) shared = { backends: n, defs: [HELP_FLAG, ...globalFlagDefs(), ...backendFlagDefs()] };
  const set = new FlagSet();
  // The command's own flags first: they win over a global flag of the same letter.
  for (const f of spec?.flags ?? []) set.add(f);
  for (const f of shared.defs) set.add(f);
  built.set(spec, { backends: n, set });
  return set;
}
