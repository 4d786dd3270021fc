/**
 * Command-line flags as rclone's (spf13/pflag) parses them: `--name value`,
 * `--name=value`, bare `--bool` (and `--bool=false`), `-x value`, `-xvalue`,
 * grouped short booleans (`-vvP`), counters (`-vv`), `--` ending the flags,
 * and flags anywhere among the arguments.
 */
import { FsError } from "../fs/errors.js";
import type { OptionType, OptionValue } from "../fs/options.js";

export type FlagType = OptionType | "counter";

export interface FlagDef {
  /** Long name, without the dashes. */
  name: string;
  short?: string;
  type: FlagType;
  help: string;
  default: OptionValue;
  hidden?: boolean;
}

/** A set of flags, looked up by long or short name. */
export class FlagSet {
  readonly byName = new Map<string, FlagDef>();
  readonly byShort = new Map<string, FlagDef>();

  add(def: FlagDef): void {
    if (this.byName.has(def.name)) return;
    this.byName.set(def.name, def);
    if (def.short && !this.byShort.has(def.short)) this.byShort.set(def.short, def);
  }

  /** All flags in the order added. */
  list(): FlagDef[] {
    return [...this.byName.values()];
  }
}

const takesNoValue = (t: FlagType): boolean => t === "bool" || t === "counter";

/** Raw values given for each flag, in order (repeatable flags keep them all). */
export interface ParsedFlags {
  args: string[];
  values: Map<string, string[]>;
}

function usage(msg: string): FsError {
  return new FsError("usage", msg);
}

function describe(def: FlagDef): string {
  return def.short ? `-${def.short}, --${def.name}` : `--${def.name}`;
}

/** Parses argv against the flag set; unknown flags are usage errors. */
export function parseFlags(argv: readonly string[], flags: FlagSet): ParsedFlags {
  const args: string[] = [];
  const values = new Map<string, string[]>();
  const set = (def: FlagDef, v: string): void => {
    const l = values.get(def.name);
    if (l) l.push(v);
    else values.set(def.name, [v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const def = flags.byName.get(name);
      if (!def) throw usage(`unknown flag: --${name}`);
      if (eq >= 0) set(def, a.slice(eq + 1));
      else if (takesNoValue(def.type)) set(def, def.type === "counter" ? "+1" : "true");
      else if (i + 1 < argv.length) set(def, argv[++i]!);
      else throw usage(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      const shorts = a.slice(1);
      for (let j = 0; j < shorts.length; j++) {
        const c = shorts[j]!;
        const def = flags.byShort.get(c);
        if (!def) throw usage(`unknown shorthand flag: '${c}' in ${a}`);
        if (takesNoValue(def.type)) {
          if (shorts[j + 1] === "=") {
            set(def, shorts.slice(j + 2));
            break;
          }
          set(def, def.type === "counter" ? "+1" : "true");
          continue;
        }
        const rest = shorts.slice(j + 1);
        if (rest !== "") set(def, rest.startsWith("=") ? rest.slice(1) : rest);
        else if (i + 1 < argv.length) set(def, argv[++i]!);
        else throw usage(`flag needs an argument: '${c}' in ${a}`);
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { args, values };
}

/** The error for a flag value that does not parse. */
export function badFlagValue(def: FlagDef, raw: string, why: string): FsError {
  return usage(`invalid argument "${raw}" for "${describe(def)}" flag: ${why}`);
}

/** Folds a counter flag's raw values ("+1" increments, a number sets). */
export function counterValue(raws: readonly string[], start = 0): number {
  let v = start;
  for (const r of raws) {
    if (r === "+1") v++;
    else {
      const n = Number.parseInt(r, 10);
      if (Number.isNaN(n)) throw usage(`invalid argument "${r}" for counter flag`);
      v = n;
    }
  }
  return v;
}
