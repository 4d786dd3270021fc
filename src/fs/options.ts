/**
 * Options are data. A backend (and the global flag set) declares each option
 * once; that one declaration drives the `--<prefix>-<name>` flags, the
 * environment variables, the config wizard's questions, `config providers`
 * and the docs.
 */
import {
  DURATION_OFF,
  formatCount,
  formatDuration,
  formatSize,
  parseBool,
  parseCount,
  parseDuration,
  parseSize,
} from "../lib/units.js";
import { formatEncoding, parseEncoding } from "../lib/encoder.js";
import { FsError } from "./errors.js";

/** The value types options can have. */
export type OptionType =
  | "string"
  | "bool"
  | "int"
  | "float"
  | "size" // SizeSuffix: bytes, -1 = off
  | "count" // CountSuffix
  | "duration" // bigint ns, DURATION_OFF = off
  | "encoding" // encoder mask
  | "commaList" // CommaSepList
  | "spaceList" // SpaceSepList
  | "tristate" // boolean | undefined
  | "stringArray"; // repeatable flag

export type OptionValue = string | boolean | number | bigint | string[] | undefined;

export interface OptionExample {
  value: string;
  help: string;
  /** Provider filter, as OptionSpec.provider. */
  provider?: string;
}

/** Bits of OptionSpec.hide. */
export const HIDE_COMMAND_LINE = 1;
export const HIDE_CONFIGURATOR = 2;
export const HIDE_BOTH = 3;

/** True if the config conversation (interactive or --non-interactive --all) asks this option. */
export function askedInConfig(o: Pick<OptionSpec, "hide">): boolean {
  return ((o.hide ?? 0) & HIDE_CONFIGURATOR) === 0;
}

/** One option of a backend or of the global flag set. */
export interface OptionSpec {
  /** snake_case name; `^[a-z0-9_]+$`. */
  name: string;
  /** Help text; the first line is the short help. */
  help: string;
  type: OptionType;
  /** Typed default (a string for "string", a boolean for "bool", …). */
  default: OptionValue;
  /** Shown only for these providers (comma list; a leading `!` negates). */
  provider?: string;
  examples?: OptionExample[];
  /** The value must be one of the examples. */
  exclusive?: boolean;
  /** One-letter short flag. */
  shortOpt?: string;
  /** Bit set of HIDE_*. */
  hide?: number;
  required?: boolean;
  /** Stored obscured; shown as *** ENCRYPTED ***. */
  isPassword?: boolean;
  /** Flag and environment variable without the backend prefix. */
  noPrefix?: boolean;
  advanced?: boolean;
  /** Redacted by `config redacted`. */
  sensitive?: boolean;
  /** Help groups (global flags). */
  groups?: string;
}

/** Parses a string into an option's typed value; throws on bad input. */
export function parseOptionValue(spec: Pick<OptionSpec, "type" | "name">, raw: string): OptionValue {
  switch (spec.type) {
    case "string":
      return raw;
    case "bool":
      return parseBool(raw);
    case "int": {
      if (!/^[+-]?\d+$/.test(raw.trim())) throw new Error(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number.parseInt(raw.trim(), 10);
    }
    case "float": {
      const n = Number(raw);
      if (raw.trim() === "" || Number.isNaN(n)) throw new Error(`strconv.ParseFloat: parsing "${raw}": invalid syntax`);
      return n;
    }
    case "size":
      return parseSize(raw);
    case "count":
      return parseCount(raw);
    case "duration":
      return parseDuration(raw);
    case "encoding":
      return parseEncoding(raw);
    case "commaList":
      return parseCommaList(raw);
    case "spaceList":
      return parseSpaceList(raw);
    case "stringArray":
      return parseCommaList(raw);
    case "tristate":
      if (raw === "" || raw.toLowerCase() === "unset") return undefined;
      return parseBool(raw);
  }
}

/** Formats a typed value the way rclone displays it (and parses it back). */
export function formatOptionValue(spec: Pick<OptionSpec, "type">, v: OptionValue): string {
  switch (spec.type) {
    case "string":
      return (v as string | undefined) ?? "";
    case "bool":
      return v ? "true" : "false";
    case "int":
    case "float":
      return String(v ?? 0);
    case "size": {
      // Bare numbers get a "B" (unless 0) so that the string parses back to the same size.
      const s = formatSize(v as number);
      return s !== "0" && /\d$/.test(s) ? s + "B" : s;
    }
    case "count":
      return formatCount(v as number);
    case "duration":
      return v === DURATION_OFF ? "off" : formatDuration(v as bigint);
    case "encoding":
      return formatEncoding(v as number);
    case "commaList":
    case "stringArray":
      return ((v as string[] | undefined) ?? []).join(",");
    case "spaceList":
      return ((v as string[] | undefined) ?? []).map(quoteSpaceItem).join(" ");
    case "tristate":
      return v === undefined ? "unset" : v ? "true" : "false";
  }
}

function quoteSpaceItem(s: string): string {
  return /[\s"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CommaSepList: CSV-style, quotes allowed. */
export function parseCommaList(s: string): string[] {
  if (s === "") return [];
  return parseCsvLine(s, ",");
}

/** SpaceSepList: space separated, quotes allowed. */
export function parseSpaceList(s: string): string[] {
  if (s.trim() === "") return [];
  return parseCsvLine(s.trim(), " ").filter((x) => x !== "");
}

function parseCsvLine(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inQ = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inQ) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQ = false;
      } else cur += c;
    } else if (c === '"' && cur === "") inQ = true;
    else if (c === sep) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The `--flag-name` of an option for a backend with the given prefix. */
export function optionFlagName(spec: OptionSpec, prefix: string): string {
  const n = spec.name.replace(/_/g, "-");
  return spec.noPrefix ? n : `${prefix}-${n}`;
}

/** The `RCLONE_<PREFIX>_<NAME>` environment variable of a backend option. */
export function optionEnvName(spec: OptionSpec, prefix: string): string {
  const n = spec.noPrefix ? spec.name : `${prefix}_${spec.name}`;
  return "RCLONE_" + n.toUpperCase().replace(/-/g, "_");
}

/** True if the option is shown for the given provider (rclone's provider filter). */
export function providerMatches(filter: string | undefined, provider: string): boolean {
  if (filter === undefined || filter === "") return true;
  let negate = false;
  let f = filter;
  if (f.startsWith("!")) {
    negate = true;
    f = f.slice(1);
  }
  const match = f.split(",").some((p) => p.trim() === provider);
  return negate ? !match : match;
}

/** Reads raw option strings; undefined means "not set here". */
export interface ConfigGetter {
  get(key: string): string | undefined;
}

/** A getter that can also store a value (e.g. a refreshed OAuth token). */
export interface ConfigMapper extends ConfigGetter {
  set(key: string, value: string): void;
}

/** Typed access to a set of parsed option values. */
export class OptionValues {
  constructor(private readonly values: Map<string, OptionValue>) {}

  private get(name: string): OptionValue {
    if (!this.values.has(name)) throw new Error(`unknown option ${name}`);
    return this.values.get(name);
  }
  str(name: string): string {
    return (this.get(name) as string | undefined) ?? "";
  }
  bool(name: string): boolean {
    return this.get(name) === true;
  }
  int(name: string): number {
    return this.get(name) as number;
  }
  size(name: string): number {
    return this.get(name) as number;
  }
  duration(name: string): bigint {
    return this.get(name) as bigint;
  }
  list(name: string): string[] {
    return (this.get(name) as string[] | undefined) ?? [];
  }
  tristate(name: string): boolean | undefined {
    return this.get(name) as boolean | undefined;
  }
  encoding(name: string): number {
    return this.get(name) as number;
  }
  raw(name: string): OptionValue {
    return this.get(name);
  }
}

/**
 * Reads every option of a spec list through a mapper, parsing each value;
 * unset (or empty) values take the default. A value that does not parse is
 * a config error naming the option.
 */
export function readOptions(specs: readonly OptionSpec[], m: ConfigGetter): OptionValues {
  const out = new Map<string, OptionValue>();
  for (const spec of specs) {
    const raw = m.get(spec.name);
    if (raw === undefined || (raw === "" && spec.type !== "string")) {
      out.set(spec.name, spec.default);
      continue;
    }
    try {
      out.set(spec.name, parseOptionValue(spec, raw));
    } catch (err) {
      throw new FsError(
        "config",
        `couldn't parse config item "${spec.name}" = "${raw}" as ${spec.type}: ${(err as Error).message}`,
      );
    }
  }
  return new OptionValues(out);
}
