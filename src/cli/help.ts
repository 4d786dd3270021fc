/**
 * Help output: the root help, a command's help (its page of text from
 * helptext.ts, then usage and flags), `help flags`, `help backends` and
 * `help backend <type>`. docs/ holds the same text, generated from here.
 */
import { formatOptionValue, HIDE_COMMAND_LINE, optionFlagName } from "../fs/options.js";
import { backends, findBackend } from "../fs/registry.js";
import { FsError } from "../fs/errors.js";
import { COMMANDS } from "./commands.js";
import type { FlagDef } from "./flagparse.js";
import { globalFlagDefs, HELP_FLAG } from "./flagset.js";
import { COMMAND_HELP, ROOT_HELP } from "./helptext.js";
import type { Output } from "./output.js";
import type { CommandSpec } from "./spec.js";

const FOOTER = `Use "tclone [command] --help" for more information about a command.
Use "tclone help flags" to see the global flags.
Use "tclone help backends" for a list of supported services.
`;

function typeName(def: FlagDef): string {
  switch (def.type) {
    case "bool":
      return "";
    case "counter":
      return "count";
    case "string":
      return "string";
    case "int":
      return "int";
    case "float":
      return "float";
    case "size":
      return "SizeSuffix";
    case "count":
      return "CountSuffix";
    case "duration":
      return "Duration";
    case "encoding":
      return "Encoding";
    case "commaList":
      return "CommaSepList";
    case "spaceList":
      return "SpaceSepList";
    case "tristate":
      return "Tristate";
    case "stringArray":
      return "stringArray";
  }
}

function defaultText(def: FlagDef): string {
  const d = def.default;
  switch (def.type) {
    case "bool":
      return d === true ? " (default true)" : "";
    case "counter":
    case "int":
    case "float":
      return d === 0 || d === undefined ? "" : ` (default ${String(d)})`;
    case "string":
      return d === "" || d === undefined ? "" : ` (default "${String(d)}")`;
    case "stringArray":
    case "commaList":
    case "spaceList":
      return Array.isArray(d) && d.length > 0 ? ` (default [${d.join(",")}])` : "";
    default: {
      const s = formatOptionValue({ type: def.type }, d);
      return s === "" || s === "0" ? "" : ` (default ${s})`;
    }
  }
}

/** pflag-style flag lines: "  -c, --checksum   Help text (default …)". */
export function flagUsages(defs: FlagDef[]): string {
  const visible = defs.filter((d) => !d.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const left = visible.map((d) => {
    const t = typeName(d);
    return (d.short ? `  -${d.short}, --${d.name}` : `      --${d.name}`) + (t ? " " + t : "");
  });
  const width = Math.max(0, ...left.map((l) => l.length));
  return visible.map((d, i) => `${left[i]!.padEnd(width)}   ${d.help}${defaultText(d)}\n`).join("");
}

function commandList(list: CommandSpec[]): string {
  const shown = list.filter((c) => !c.hidden);
  const width = Math.max(...shown.map((c) => c.name.length)) + 2;
  return shown.map((c) => `  ${c.name.padEnd(width)}${c.short}\n`).join("");
}

/** The full help text of a command (or the root). */
export function helpText(spec: CommandSpec | undefined, path: string[]): string {
  if (!spec) {
    return `${ROOT_HELP}
Usage:
  tclone [flags]
  tclone [command]

Available Commands:
${commandList(COMMANDS)}
Flags:
${flagUsages([HELP_FLAG])}
${FOOTER}`;
  }
  const key = path.join(" ");
  const body = COMMAND_HELP[key] ?? spec.short;
  let s = `${body.trimEnd()}\n\nUsage:\n  tclone ${spec.use}${spec.load ? " [flags]" : ""}\n`;
  if (spec.sub && spec.sub.length > 0) {
    s += `  tclone ${path.join(" ")} [command]\n\nAvailable Commands:\n${commandList(spec.sub)}`;
  }
  s += `\nFlags:\n${flagUsages([...(spec.flags ?? []), { ...HELP_FLAG, help: `help for ${spec.name}` }])}\n${FOOTER}`;
  return s;
}

export async function printHelp(out: Output, spec: CommandSpec | undefined, path: string[]): Promise<void> {
  out.write(helpText(spec, path));
}

/** `help flags [regexp]`: the global flags. */
export function globalFlagsHelp(filter?: string): string {
  let defs = globalFlagDefs();
  if (filter !== undefined && filter !== "") {
    const re = new RegExp(filter);
    defs = defs.filter((d) => re.test(d.name));
  }
  return `Global Flags:\n${flagUsages(defs)}`;
}

/** `help backends`: every backend type. */
export function backendsHelp(): string {
  let s = "All tclone backends:\n\n";
  for (const r of [...backends()].filter((b) => !b.hide).sort((a, b) => (a.name < b.name ? -1 : 1))) s += `  ${r.name.padEnd(12)} ${r.description}\n`;
  return s + '\nTo see more info about a particular backend use:\n  tclone help backend <name>\n';
}

/** `help backend <type>`: the backend's page and its options. */
export async function backendHelp(name: string): Promise<string> {
  let reg;
  try {
    reg = findBackend(name);
  } catch {
    throw new FsError("usage", `didn't find backend called "${name}"`);
  }
  const { BACKEND_HELP } = await import("./helptext.js");
  let s = `# ${reg.description} (${reg.name})\n\n`;
  const page = BACKEND_HELP[reg.name];
  if (page) s += page.trimEnd() + "\n\n";
  const opts = reg.options.filter((o) => !((o.hide ?? 0) & HIDE_COMMAND_LINE));
  for (const adv of [false, true]) {
    const list = opts.filter((o) => (o.advanced ?? false) === adv);
    if (list.length === 0) continue;
    s += `### ${adv ? "Advanced" : "Standard"} options\n\n`;
    for (const o of list) {
      s += `#### --${optionFlagName(o, reg.prefix)}\n\n${o.help.trim()}\n\n`;
      s += `Properties:\n\n- Config:      ${o.name}\n- Env Var:     RCLONE_${(o.noPrefix ? o.name : reg.prefix + "_" + o.name).toUpperCase()}\n`;
      s += `- Type:        ${o.type}\n`;
      // As rclone: a default if there is one, else whether a value is required.
      const def = formatOptionValue(o, o.default);
      s += def !== "" ? `- Default:     ${def}\n` : `- Required:    ${o.required ? "true" : "false"}\n`;
      if (o.examples && o.examples.length > 0) {
        s += "- Examples:\n";
        for (const e of o.examples) s += `    - "${e.value}"\n        - ${e.help.split("\n").join("\n        - ")}\n`;
      }
      s += "\n";
    }
  }
  return s;
}
