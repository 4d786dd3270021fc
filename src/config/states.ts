/**
 * The non-interactive config conversation (`config create|update
 * --non-interactive --all`, then `--continue --state S --result R`), as
 * rclone's state machine runs it for every backend: each question comes
 * back as JSON with a State that says where to resume, and the answer comes
 * in as the Result of the next call. States:
 *
 *   *all-set,I,ADV   option I of the backend (advanced if ADV) was asked
 *   *all-advanced    "Edit advanced config?" was asked
 *   ""               done
 *
 * Backends' own steps (OAuth) are not part of this yet.
 */
import { FsError } from "../fs/errors.js";
import { askedInConfig, formatOptionValue, parseOptionValue, type OptionSpec } from "../fs/options.js";
import type { RegInfo } from "../fs/registry.js";
import { goJsonStringify } from "../lib/gojson.js";
import type { BackendConfigRequest, BackendConfigResult } from "./commands.js";
import type { ConfigFile } from "./file.js";
import { optionJson } from "./providers.js";

const ADVANCED_QUESTION: OptionSpec = {
  name: "config_fs_advanced",
  help: "Edit advanced config?",
  type: "bool",
  default: false,
  examples: [
    { value: "true", help: "Yes" },
    { value: "false", help: "No" },
  ],
  exclusive: true,
};

const asked = (o: OptionSpec, advanced: boolean): boolean => askedInConfig(o) && (o.advanced ?? false) === advanced;

/** A question; a value the remote already has is offered as the default, as rclone does. */
function question(state: string, o: OptionSpec, current?: string): BackendConfigResult {
  let shown = o;
  if (current !== undefined) {
    try {
      shown = { ...o, default: parseOptionValue(o, current) };
    } catch {
      // A value that does not parse is not offered.
    }
  }
  return { state, optionJson: goJsonStringify(optionJson(shown), "\t"), error: "", result: "" };
}

/** The next option to ask after index `after` among the standard or advanced ones; otherwise what follows them. */
function next(cf: ConfigFile, name: string, reg: RegInfo, after: number, advanced: boolean): BackendConfigResult | undefined {
  for (let i = after + 1; i < reg.options.length; i++) {
    const o = reg.options[i]!;
    if (asked(o, advanced)) return question(`*all-set,${i},${advanced}`, o, cf.get(name, o.name));
  }
  if (!advanced && reg.options.some((o) => asked(o, true))) return question("*all-advanced", ADVANCED_QUESTION);
  return undefined;
}

/** One step of the machine; undefined when the conversation is over. */
export function allStates(cf: ConfigFile, req: BackendConfigRequest): BackendConfigResult | undefined {
  const { name, reg, state, result } = req;
  if (state === "") return req.all ? next(cf, name, reg, -1, false) : undefined;
  if (state === "*all-advanced") return result === "true" ? next(cf, name, reg, -1, true) : undefined;
  const m = /^\*all-set,(\d+),(true|false)$/.exec(state);
  if (!m) throw new FsError("config", `unknown internal state ${JSON.stringify(state)}`);
  const i = Number(m[1]);
  const advanced = m[2] === "true";
  const o = reg.options[i];
  if (!o) throw new FsError("config", `unknown internal state ${JSON.stringify(state)}`);
  if (result !== "") {
    let value: string;
    try {
      value = formatOptionValue(o, parseOptionValue(o, result));
    } catch (err) {
      // Asked again, with the reason.
      return { ...question(state, o, cf.get(name, o.name)), error: `failed to parse "${result}": ${(err as Error).message}` };
    }
    if (value === formatOptionValue(o, o.default)) cf.deleteKey(name, o.name);
    else cf.setValue(name, o.name, value);
  }
  return next(cf, name, reg, i, advanced);
}
