/**
 * The backend registry. Each backend registers its RegInfo (name,
 * description, options) eagerly, as data, and loads its implementation only
 * when an Fs of its type is made, so that start-up stays fast.
 */
import type { Context } from "./context.js";
import { FsError } from "./errors.js";
import { HIDE_CONFIGURATOR, type ConfigMapper, type OptionSpec } from "./options.js";
import type { Fs } from "./types.js";
import type { OAuthDefaults } from "../lib/oauth2/backend.js";

/** A backend-specific command for `tclone backend`. */
export interface CommandHelp {
  name: string;
  short: string;
  long: string;
  opts?: Record<string, string>;
}

/** One system metadata key a backend reads and writes. */
export interface MetadataHelp {
  help: string;
  type: string;
  example: string;
  readOnly?: boolean;
}

/** What metadata a backend has: its system keys and a note on the rest. */
export interface MetadataInfo {
  system: Record<string, MetadataHelp>;
  help: string;
}

/** One step of the interactive/non-interactive config state machine (issue 3). */
export interface ConfigIn {
  state: string;
  result: string;
}
export interface ConfigOut {
  state: string;
  option?: OptionSpec;
  error?: string;
  result?: string;
}

export interface RegInfo {
  /** Type name written as `type = …` in rclone.conf ("local", "s3", "amazon cloud drive"). */
  name: string;
  description: string;
  /** Flag/env prefix; defaults to name. */
  prefix: string;
  options: OptionSpec[];
  /** Other names that find this backend (hidden). */
  aliases?: string[];
  /** Not offered by the config wizard. */
  hide?: boolean;
  commandHelp?: CommandHelp[];
  /** The provider's OAuth client and URLs, for backends that log in with OAuth2 (the wizard and `authorize` use them). */
  oauth?: OAuthDefaults;
  /** The metadata the backend reads and writes (rclone's MetadataInfo), if any. */
  metadataInfo?: MetadataInfo;
  /**
   * Makes an Fs. `name` is the config name (with any `{hash}` suffix);
   * `root` is the path after the colon. If root names a file, throw an
   * IsFileError carrying an Fs rooted at the parent.
   */
  newFs(name: string, root: string, config: ConfigMapper, ctx: Context): Promise<Fs>;
  /** Backend-specific configuration steps after the options (OAuth…). */
  config?(name: string, config: ConfigMapper, input: ConfigIn, ctx: Context): Promise<ConfigOut | undefined>;
}

export type RegInfoInput = Omit<RegInfo, "prefix"> & { prefix?: string };

const registry: RegInfo[] = [];

/**
 * The advanced `description` option every backend has. The config wizard
 * does not ask it, so that its conversation is the one rclone 1.60 (our
 * oracle, which has no such option) holds; config create/update set it.
 */
const DESCRIPTION_OPTION: OptionSpec = {
  name: "description",
  help: "Description of the remote.",
  type: "string",
  default: "",
  advanced: true,
  hide: HIDE_CONFIGURATOR,
};

/** Registers a backend. Later registrations of the same name replace earlier ones. */
export function registerBackend(info: RegInfoInput): RegInfo {
  const options = [...info.options];
  if (!options.some((o) => o.name === "description")) options.push(DESCRIPTION_OPTION);
  const reg: RegInfo = { ...info, prefix: info.prefix ?? info.name, options };
  const i = registry.findIndex((r) => r.name === reg.name);
  if (i >= 0) registry[i] = reg;
  else registry.push(reg);
  return reg;
}

/** All registered backends, in registration order. */
export function backends(): readonly RegInfo[] {
  return registry;
}

/** Finds a backend by name, prefix, name without spaces, or alias. */
export function findBackend(name: string): RegInfo {
  for (const r of registry) {
    if (r.name === name || r.prefix === name || r.name.replace(/ /g, "") === name) return r;
    if (r.aliases?.includes(name)) return r;
  }
  throw new FsError("config", `didn't find backend called "${name}"`);
}
