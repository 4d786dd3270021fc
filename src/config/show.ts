/**
 * The read-only `config` subcommands — show, redacted, dump, file, paths —
 * as functions returning exactly the text rclone prints.
 */
import { FsError, errorMessage } from "../fs/errors.js";
import { configEnvName } from "../fs/newfs.js";
import { findBackend, type RegInfo } from "../fs/registry.js";
import type { ConfigFile } from "./file.js";
import { goCompare, goTrimRight } from "./gostr.js";
import { goJsonStringify } from "../lib/gojson.js";
import type { ConfigFileStatus, ConfigPaths } from "./paths.js";

/** The last line of `config redacted`. */
export const REDACTED_WARNING = "### Double check the config for sensitive info before posting publicly";

/** A remote name as typed on the command line, less any trailing colons ("remote:" → "remote"). */
export function trimRemoteName(arg: string): string {
  return goTrimRight(arg, ":");
}

/**
 * A remote's value as rclone's config commands read it: the
 * RCLONE_CONFIG_<REMOTE>_<KEY> environment variable first (even if empty),
 * then the file.
 */
export function configValue(cf: ConfigFile, name: string, key: string, env: NodeJS.ProcessEnv = process.env): string {
  const e = env[configEnvName(name, key)];
  if (e !== undefined) return e;
  return cf.get(name, key) ?? "";
}

/** The backend of a configured remote, or the error rclone would report. */
export function backendOfRemote(cf: ConfigFile, name: string, env: NodeJS.ProcessEnv = process.env): RegInfo {
  const type = configValue(cf, name, "type", env);
  if (type === "") throw new FsError("config", `couldn't find type of fs for "${name}"`);
  return findBackend(type);
}

function remoteOptionLines(cf: ConfigFile, name: string, redacted: boolean, env: NodeJS.ProcessEnv): string {
  let out = "";
  let reg: RegInfo | undefined;
  try {
    reg = backendOfRemote(cf, name, env);
  } catch (err) {
    out += `# ${errorMessage(err)}\n`;
  }
  for (const key of cf.keys(name)) {
    const spec = reg?.options.find((o) => o.name === key);
    const isPassword = spec?.isPassword === true;
    const isSensitive = !isPassword && spec?.sensitive === true;
    const value = configValue(cf, name, key, env);
    if (redacted && (isPassword || isSensitive) && value !== "") out += `${key} = XXX\n`;
    else if (isPassword && value !== "") out += `${key} = *** ENCRYPTED ***\n`;
    else out += `${key} = ${value}\n`;
  }
  return out;
}

/** `config show <remote>`: `[name]` and its `key = value` lines, passwords shown as `*** ENCRYPTED ***`. */
export function showRemote(cf: ConfigFile, name: string, env: NodeJS.ProcessEnv = process.env): string {
  return `[${name}]\n` + remoteOptionLines(cf, name, false, env);
}

/** `config show`: the whole (decrypted) file, or "; empty config". */
export function showConfig(cf: ConfigFile): string {
  const s = cf.serialize();
  return s === "" ? "; empty config\n" : s;
}

/** `config redacted [remote]`: passwords and sensitive options as XXX, ending with rclone's warning line. */
export function redactedConfig(cf: ConfigFile, name?: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = "";
  if (name !== undefined) {
    out += `[${name}]\n` + remoteOptionLines(cf, name, true, env);
  } else {
    const remotes = cf.sections().sort(goCompare);
    if (remotes.length === 0) out += "; empty config\n";
    remotes.forEach((r, i) => {
      if (i !== 0) out += "\n";
      out += `[${r}]\n` + remoteOptionLines(cf, r, true, env);
    });
  }
  return out + REDACTED_WARNING + "\n";
}

/** `config dump`: every section as JSON, 4-space indent, keys sorted, no trailing newline. */
export function dumpConfig(cf: ConfigFile, env: NodeJS.ProcessEnv = process.env): string {
  // Maps, not objects: Go marshals maps with sorted keys, and a remote called "__proto__" stays a name.
  const all = new Map<string, Map<string, string>>();
  for (const section of cf.sections()) {
    const values = new Map<string, string>();
    for (const key of cf.keys(section)) values.set(key, configValue(cf, section, key, env));
    all.set(section, values);
  }
  return goJsonStringify(all, "    ");
}

/** `config file`: where the config is, or that it is in memory. */
export function configFileText(status: ConfigFileStatus): string {
  switch (status.kind) {
    case "memory":
      return "Configuration is in memory only\n";
    case "exists":
      return `Configuration file is stored at:\n${status.path}\n`;
    case "missing":
      return `Configuration file doesn't exist, but rclone will use this path:\n${status.path}\n`;
  }
}

/** `config paths`: the config file, cache and temp directories. */
export function configPathsText(p: ConfigPaths): string {
  return `Config file: ${p.configFile}\nCache dir:   ${p.cacheDir}\nTemp dir:    ${p.tempDir}\n`;
}
