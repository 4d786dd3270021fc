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

/** The flag set of one command (or of no command yet). */
export function buildFlagSet(spec: CommandSpec | undefined): FlagSet {
  const set = new FlagSet();
  // The command's own flags first: they win over a global flag of the same letter.
  for (const f of spec?.flags ?? []) set.add(f);
  set.add(HELP_FLAG);
  for (const f of globalFlagDefs()) set.add(f);
  for (const f of backendFlagDefs()) set.add(f);
  return set;
}
