/**
 * `config providers`: every registered backend with its options as JSON,
 * in the shape rclone prints (its RegInfo and Option structs, indented
 * four spaces, no final newline), for programs that build their own
 * config screens.
 */
import { formatOptionValue, type OptionSpec, type OptionType, type OptionValue } from "../fs/options.js";
import { backends, type RegInfo } from "../fs/registry.js";
import { goJsonStringify } from "../lib/gojson.js";

/** The Go type rclone names in an option's "Type". */
const GO_TYPE: Record<OptionType, string> = {
  string: "string",
  bool: "bool",
  int: "int",
  float: "float64",
  size: "SizeSuffix",
  count: "CountSuffix",
  duration: "Duration",
  encoding: "MultiEncoder",
  commaList: "CommaSepList",
  spaceList: "SpaceSepList",
  tristate: "Tristate",
  stringArray: "[]string",
};

/** An option's default as Go marshals it: SizeSuffix, Duration (ns) and MultiEncoder are integers. */
function jsonDefault(o: OptionSpec, v: OptionValue): unknown {
  switch (o.type) {
    case "tristate":
      return { Value: v === true, Valid: v !== undefined };
    case "commaList":
    case "spaceList":
    case "stringArray":
      return Array.isArray(v) && v.length > 0 ? v : null;
    case "duration":
    case "size":
    case "count":
      return typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v ?? 0)));
    default:
      return v ?? "";
  }
}

/** An option as rclone's JSON has it. */
export function optionJson(o: OptionSpec): Record<string, unknown> {
  const def = formatOptionValue(o, o.default);
  return {
    Name: o.name,
    Help: o.help,
    Provider: o.provider ?? "",
    Default: jsonDefault(o, o.default),
    Value: null,
    ...(o.examples && o.examples.length > 0 ? { Examples: o.examples.map((e) => ({ Value: e.value, Help: e.help, Provider: e.provider ?? "" })) } : {}),
    ShortOpt: o.shortOpt ?? "",
    Hide: o.hide ?? 0,
    Required: o.required ?? false,
    IsPassword: o.isPassword ?? false,
    NoPrefix: o.noPrefix ?? false,
    Advanced: o.advanced ?? false,
    Exclusive: o.exclusive ?? false,
    DefaultStr: def,
    ValueStr: def,
    Type: GO_TYPE[o.type],
  };
}

function regJson(r: RegInfo): Record<string, unknown> {
  return {
    Name: r.name,
    Description: r.description,
    Prefix: r.prefix,
    Options: r.options.map(optionJson),
    CommandHelp: r.commandHelp && r.commandHelp.length > 0 ? r.commandHelp.map((c) => ({ Name: c.name, Short: c.short, Long: c.long, Opts: c.opts ?? null })) : null,
    Aliases: r.aliases && r.aliases.length > 0 ? r.aliases : null,
    Hide: r.hide ?? false,
    MetadataInfo: r.metadataInfo
      ? {
          System: Object.fromEntries(
            Object.entries(r.metadataInfo.system)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, m]) => [k, { Help: m.help, Type: m.type, Example: m.example, ReadOnly: m.readOnly ?? false }]),
          ),
          Help: r.metadataInfo.help,
        }
      : null,
  };
}

/** The text `config providers` prints. */
export function providersJson(): string {
  const list = [...backends()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return goJsonStringify(list.map(regJson), "    ");
}
