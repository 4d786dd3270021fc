/**
 * The library behind `tclone config` subcommands that change the config:
 * create, update, password, delete, unset, touch and encryption. Each
 * returns the text rclone would print; the CLI prints it. The read-only
 * subcommands live in show.ts and remotes.ts and are re-exported here.
 */
import { FsError } from "../fs/errors.js";
import { checkConfigName } from "../fs/path.js";
import { findBackend, type RegInfo } from "../fs/registry.js";
import type { ConfigFile } from "./file.js";
import { goJsonString } from "../lib/gojson.js";
import { isObscured, obscure } from "./obscure.js";
import { configValue, showRemote } from "./show.js";

export * from "./show.js";
export * from "./remotes.js";

/** Keys with this prefix are answers to config questions and never stored. */
export const EPHEMERAL_PREFIX = "config_";

/** Key/value pairs in the order given on the command line. */
export type ConfigParams = ReadonlyArray<readonly [string, string]>;

/**
 * Parses `key value` pairs or `key=value` words (rclone's argsToMap). A
 * later duplicate key replaces the earlier value.
 */
export function argsToParams(args: readonly string[]): [string, string][] {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const eq = word.indexOf("=");
    if (eq >= 0) {
      out.set(word.slice(0, eq), word.slice(eq + 1));
    } else {
      i++;
      if (i >= args.length) throw new FsError("usage", "found key without value");
      out.set(word, args[i]!);
    }
  }
  return [...out];
}

/** A request to run a backend's config state machine (the wizard's part). */
export interface BackendConfigRequest {
  name: string;
  reg: RegInfo;
  /** Every key/value given, including ephemeral `config_` answers. */
  choices: ReadonlyMap<string, string>;
  state: string;
  result: string;
  /** Ask every question (`--all`), not just the backend's own. */
  all: boolean;
  /** Return questions instead of asking (`--non-interactive` / `--continue`). */
  nonInteractive: boolean;
}

/** What a non-interactive config step returns (rclone's ConfigOut). */
export interface BackendConfigResult {
  state: string;
  /** The question, already as rclone's Option JSON; absent when there is none. */
  optionJson?: string;
  error: string;
  result: string;
}

/** Flags of `config create` / `config update`. */
export interface UpdateRemoteOptions {
  /** `--obscure`: obscure every password option, even if it looks obscured. */
  obscure?: boolean;
  /** `--no-obscure`: store password options as given. */
  noObscure?: boolean;
  /** `--no-output`. */
  noOutput?: boolean;
  /** `--non-interactive`: print the next question as JSON instead of asking. */
  nonInteractive?: boolean;
  /** `--continue` with `state` and `result`. */
  continue?: boolean;
  /** `--all`. */
  all?: boolean;
  state?: string;
  result?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Runs the backend's config state machine. Without it none runs, which
   * is all that backends without a Config step (local, s3 keys, sftp…) need.
   */
  runBackendConfig?: (req: BackendConfigRequest) => Promise<BackendConfigResult | undefined>;
}

/** Go's MarshalIndent(ConfigOut, "", "\t") + "\n". */
function configOutJson(out: BackendConfigResult | undefined): string {
  const o = out ?? { state: "", error: "", result: "" };
  const option = o.optionJson === undefined ? "null" : o.optionJson.replace(/\n/g, "\n\t");
  return (
    "{\n" +
    `\t"State": ${goJsonString(o.state)},\n` +
    `\t"Option": ${option},\n` +
    `\t"Error": ${goJsonString(o.error)},\n` +
    `\t"Result": ${goJsonString(o.result)}\n` +
    "}\n"
  );
}

async function applyUpdate(cf: ConfigFile, name: string, params: ConfigParams, opt: UpdateRemoteOptions): Promise<string> {
  if (opt.obscure && opt.noObscure) throw new FsError("usage", "can't use --obscure and --no-obscure together");
  checkConfigName(name);
  const env = opt.env ?? process.env;
  const type = configValue(cf, name, "type", env);
  if (type === "") throw new FsError("config", "couldn't find type field in config");
  let reg: RegInfo;
  try {
    reg = findBackend(type);
  } catch {
    throw new FsError("config", `couldn't find backend for type "${type}"`);
  }
  // Checked before anything changes so that a bad pair leaves the file as it was.
  for (const [k, v] of params) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) {
      throw new FsError("config", "update remote: invalid key or value contains \\n or \\r");
    }
  }
  const passwords = new Set(opt.noObscure ? [] : reg.options.filter((o) => o.isPassword).map((o) => o.name));
  const choices = new Map<string, string>();
  for (const [k, given] of params) {
    let v = given;
    // A value that doesn't reveal is plain text; one that does is taken as already obscured unless --obscure.
    if (passwords.has(k) && (opt.obscure || !isObscured(v))) v = obscure(v);
    choices.set(k, v);
    if (!k.startsWith(EPHEMERAL_PREFIX)) cf.setValue(name, k, v);
  }
  const nonInteractive = (opt.nonInteractive ?? false) || (opt.continue ?? false);
  let out: BackendConfigResult | undefined;
  if (opt.runBackendConfig) {
    out = await opt.runBackendConfig({
      name,
      reg,
      choices,
      state: opt.state ?? "",
      result: opt.result ?? "",
      all: opt.all ?? false,
      nonInteractive,
    });
  }
  cf.save();
  if (opt.noOutput) return "";
  return nonInteractive ? configOutJson(out) : showRemote(cf, name, env);
}

/**
 * `config create name type [key value]*`: replaces any remote of that
 * name with a new one. Password options are obscured unless they already
 * are (see {@link UpdateRemoteOptions}). Returns the text to print.
 */
export async function createRemote(
  cf: ConfigFile,
  name: string,
  type: string,
  params: ConfigParams,
  opt: UpdateRemoteOptions = {},
): Promise<string> {
  checkConfigName(name);
  if (!opt.continue) {
    cf.deleteSection(name);
    cf.setValue(name, "type", type);
  }
  return applyUpdate(cf, name, params, opt);
}

/** `config update name [key value]+`: changes options of an existing remote. */
export function updateRemote(cf: ConfigFile, name: string, params: ConfigParams, opt: UpdateRemoteOptions = {}): Promise<string> {
  return applyUpdate(cf, name, params, opt);
}

/** `config password name [key value]+`: stores the given clear-text passwords obscured. */
export async function passwordRemote(
  cf: ConfigFile,
  name: string,
  params: ConfigParams,
  opt: Pick<UpdateRemoteOptions, "env" | "runBackendConfig"> = {},
): Promise<string> {
  checkConfigName(name);
  const obscured = params.map(([k, v]) => [k, obscure(v)] as const);
  await applyUpdate(cf, name, obscured, { ...opt, noObscure: true, noOutput: true });
  return showRemote(cf, name, opt.env);
}

/** `config delete name`: removes the remote (no error if it isn't there) and saves. */
export function deleteRemote(cf: ConfigFile, name: string): void {
  cf.deleteSection(name);
  cf.save();
}

/** What `config unset` did. */
export interface UnsetResult {
  /** The keys that were there and are now gone. */
  removed: string[];
  /** The remote as it now is (what rclone prints). */
  text: string;
}

/** `config unset name key…`: removes options ("type" can't be removed). */
export function unsetRemote(cf: ConfigFile, name: string, keys: readonly string[], env: NodeJS.ProcessEnv = process.env): UnsetResult {
  checkConfigName(name);
  if (configValue(cf, name, "type", env) === "") throw new FsError("config", `remote "${name}" doesn't exist`);
  if (keys.includes("type")) {
    throw new FsError("config", `can't unset the "type" of a remote - use "config delete" to remove the whole remote`);
  }
  const removed = keys.filter((k) => cf.deleteKey(name, k));
  cf.save();
  return { removed, text: showRemote(cf, name, env) };
}

/** `config touch`: writes the config file, creating it if missing. */
export function touchConfig(cf: ConfigFile): void {
  cf.save();
}

/**
 * `config encryption set`: asks for a new password (or runs
 * `--password-command` with RCLONE_PASSWORD_CHANGE=1), re-encrypts, saves.
 */
export function encryptionSet(cf: ConfigFile): Promise<string> {
  return cf.changePassword();
}

/** `config encryption remove`: saves the config unencrypted (harmless if it wasn't encrypted). */
export function encryptionRemove(cf: ConfigFile): void {
  cf.removePassword();
}

/** `config encryption check`: succeeds only if the config is encrypted (and was decrypted when loaded). */
export function encryptionCheck(cf: ConfigFile): void {
  if (!cf.isEncrypted()) throw new FsError("config", "config file is NOT encrypted");
}
