/**
 * What a command is, as data: its name and usage, argument counts, its own
 * flags, whether it is retried and shows stats, and where its
 * implementation lives (loaded only when the command runs).
 */
import type { Cli } from "./cli.js";
import type { FlagDef } from "./flagparse.js";

export type RunFn = (cli: Cli, args: string[]) => Promise<void>;

export interface CommandSpec {
  name: string;
  /** Usage line after the program name, e.g. "copy source:path dest:path". */
  use: string;
  /** One-line description. */
  short: string;
  minArgs: number;
  maxArgs: number;
  /** The command's own flags. */
  flags?: FlagDef[];
  /** Whole-command retries (--retries) apply. */
  retry?: boolean;
  /** Print stats at the end by default. */
  stats?: boolean;
  /** Needs the config file loaded (default true). */
  config?: boolean;
  hidden?: boolean;
  /** Subcommands (e.g. config show). */
  sub?: CommandSpec[];
  /** Loads the implementation. Absent for pure parent commands. */
  load?: () => Promise<RunFn>;
  /** Name of the docs page (docs/commands/<doc>.md); defaults to tclone_<name path>. */
  doc?: string;
}

/** A local flag definition helper. */
export function flag(name: string, type: FlagDef["type"], def: FlagDef["default"], help: string, short?: string): FlagDef {
  return short ? { name, type, default: def, help, short } : { name, type, default: def, help };
}
