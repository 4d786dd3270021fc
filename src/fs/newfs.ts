/**
 * Making an Fs from a `remote:path` string: parse it, find the backend,
 * resolve every option through rclone's priority order, name the Fs (with a
 * `{hash}` suffix when options are overridden), and call the backend.
 *
 * Option resolution, first hit wins:
 *   1. connection-string parameters (`remote,opt=val:` / `:type,opt=val:`)
 *   2. a backend flag given on the command line (`--local-no-check-updated`)
 *   3. RCLONE_CONFIG_<REMOTE>_<OPT>
 *   4. RCLONE_<PREFIX>_<OPT> (and RCLONE_<OPT> for no-prefix options)
 *   5. the config file section (empty values count as unset)
 *   6. the option default (applied by readOptions)
 * 1–4 are "overrides" and give the Fs name its suffix.
 */
import type { Context } from "./context.js";
import { FsError, IsFileError } from "./errors.js";
import { optionEnvName, optionFlagName, type ConfigMapper, type OptionSpec } from "./options.js";
import { parsePath } from "./path.js";
import { findBackend, type RegInfo } from "./registry.js";
import type { Fs } from "./types.js";
import { nodeCrypto } from "../lib/builtins.js";

/** Where remotes' config sections live (the rclone.conf file, or memory). */
export interface ConfigStore {
  get(section: string, key: string): string | undefined;
  /** Stores a value (an empty value deletes the key) and persists it. */
  set(section: string, key: string, value: string): void;
  hasSection(section: string): boolean;
  /** Section names in file order. */
  sections(): string[];
  /** Keys of a section in file order. */
  keys(section: string): string[];
}

class MemoryConfigStore implements ConfigStore {
  private data = new Map<string, Map<string, string>>();
  get(section: string, key: string): string | undefined {
    return this.data.get(section)?.get(key);
  }
  set(section: string, key: string, value: string): void {
    let s = this.data.get(section);
    if (!s) this.data.set(section, (s = new Map()));
    if (value === "") s.delete(key);
    else s.set(key, value);
  }
  hasSection(section: string): boolean {
    return this.data.has(section);
  }
  sections(): string[] {
    return [...this.data.keys()];
  }
  keys(section: string): string[] {
    return [...(this.data.get(section)?.keys() ?? [])];
  }
}

let configStore: ConfigStore = new MemoryConfigStore();
let configStoreLoader: (() => ConfigStore) | undefined;

/** Installs the config store (the CLI installs the rclone.conf file). */
export function setConfigStore(store: ConfigStore): void {
  configStore = store;
  configStoreLoader = undefined;
}

/** Installs a loader that makes the store on first use (the library's default). */
export function setConfigStoreLoader(loader: () => ConfigStore): void {
  configStoreLoader = loader;
}

export function getConfigStore(): ConfigStore {
  if (configStoreLoader) {
    const l = configStoreLoader;
    configStoreLoader = undefined;
    configStore = l();
  }
  return configStore;
}

/** Backend flags given on the command line, by flag name (e.g. "local-no-check-updated"). */
const backendFlagValues = new Map<string, string>();

export function setBackendFlag(flagName: string, value: string): void {
  backendFlagValues.set(flagName, value);
}

export function clearBackendFlags(): void {
  backendFlagValues.clear();
}

/** The environment variable for a remote's option: RCLONE_CONFIG_<REMOTE>_<OPT>. */
export function configEnvName(remote: string, key: string): string {
  return ("RCLONE_CONFIG_" + remote + "_" + key).toUpperCase().replace(/-/g, "_");
}

/** The layered config view of one remote. */
class RemoteConfig implements ConfigMapper {
  constructor(
    readonly configName: string,
    readonly reg: RegInfo | undefined,
    readonly connection: Record<string, string> | undefined,
    readonly env: NodeJS.ProcessEnv,
    readonly store: ConfigStore,
  ) {}

  private spec(key: string): OptionSpec | undefined {
    return this.reg?.options.find((o) => o.name === key);
  }

  /** The value if set by one of the override layers (1–4). */
  override(key: string): string | undefined {
    const c = this.connection?.[key];
    if (c !== undefined) return c;
    const spec = this.spec(key);
    if (spec && this.reg) {
      const flag = backendFlagValues.get(optionFlagName(spec, this.reg.prefix));
      if (flag !== undefined) return flag;
    }
    if (this.configName !== "" && !this.configName.startsWith(":")) {
      const e = this.env[configEnvName(this.configName, key)];
      if (e !== undefined) return e;
    }
    if (spec && this.reg) {
      const e = this.env[optionEnvName(spec, this.reg.prefix)];
      if (e !== undefined) return e;
      if (spec.noPrefix) {
        const e2 = this.env[optionEnvName({ ...spec, noPrefix: true }, this.reg.prefix)];
        if (e2 !== undefined) return e2;
      }
    }
    return undefined;
  }

  get(key: string): string | undefined {
    const o = this.override(key);
    if (o !== undefined) return o;
    if (this.configName === "" || this.configName.startsWith(":")) return undefined;
    const v = this.store.get(this.configName, key);
    return v === "" ? undefined : v;
  }

  set(key: string, value: string): void {
    if (this.configName.startsWith(":")) return; // on-the-fly remotes can't be saved
    this.store.set(this.configName, key, value);
  }
}

/** Records which override sets made which `{suffix}`, so suffixes stay unique. */
const overriddenConfig = new Map<string, string>();

function configQuote(v: string): string {
  return "'" + v.replace(/'/g, "''") + "'";
}

/** Result of resolving a `remote:path` to its backend and config. */
export interface ResolvedRemote {
  reg: RegInfo;
  /** Config name with any `{hash}` suffix. */
  name: string;
  /** The bare config name ("remote", ":s3", "local"). */
  baseName: string;
  root: string;
  config: ConfigMapper;
}

/** Parses a path and resolves its backend and options, without making the Fs. */
export function resolveRemote(path: string, env: NodeJS.ProcessEnv = process.env): ResolvedRemote {
  const parsed = parsePath(path);
  let configName = parsed.name;
  const store = getConfigStore();
  let typeName: string;
  if (configName === "") {
    typeName = "local";
    configName = "local";
  } else if (configName.startsWith(":")) {
    typeName = configName.slice(1);
  } else {
    const pre = new RemoteConfig(configName, undefined, parsed.config, env, store);
    const t = pre.get("type");
    if (t === undefined) {
      throw new FsError("notFoundInConfigFile", `didn't find section in config file ("${configName}")`);
    }
    typeName = t;
  }
  const reg = findBackend(typeName);
  // A plain local path still reads a [local] section and RCLONE_CONFIG_LOCAL_*, as rclone does.
  const cfg = new RemoteConfig(configName, reg, parsed.config, env, store);
  // Name suffix from overridden options.
  const overridden: string[] = [];
  for (const spec of reg.options) {
    const v = cfg.override(spec.name);
    if (v !== undefined) overridden.push(`${spec.name}=${configQuote(v)}`);
  }
  let name = configName;
  if (overridden.length > 0) {
    overridden.sort();
    const extra = overridden.join(",");
    const hash = nodeCrypto().createHash("md5").update(extra).digest("base64url");
    let suffix = "";
    for (let n = 5; n <= hash.length; n++) {
      suffix = "{" + hash.slice(0, n) + "}";
      const existing = overriddenConfig.get(suffix);
      if (existing === undefined || existing === extra) break;
    }
    overriddenConfig.set(suffix, extra);
    name += suffix;
  }
  return { reg, name, baseName: configName, root: parsed.path, config: cfg };
}

/** The canonical string of an Fs: "name:root", or just the root for the local backend. */
export function configString(f: { name: string; root: string; features: { isLocal: boolean } }): string {
  if (f.name === "local" && f.features.isLocal) return f.root;
  return `${f.name}:${f.root}`;
}

/** An Fs and, if the path named a file, that file's name inside it. */
export interface FsAndFile {
  fs: Fs;
  /** Set when the path named a file: the Fs is rooted at its parent. */
  file?: string;
}

/**
 * Makes an Fs for `remote:path` as its backend does, IsFileError and all:
 * for backends that wrap another remote (alias), which pass that on.
 */
export function newFsOrFileError(path: string, ctx: Context): Promise<Fs> {
  const r = resolveRemote(path);
  return r.reg.newFs(r.name, r.root, r.config, ctx);
}

/** Makes an Fs for `remote:path`; if the path names a file, the Fs is its parent and `file` its name. */
export async function newFsFile(path: string, ctx: Context): Promise<FsAndFile> {
  if (!path.includes(":") && getConfigStore().hasSection(path)) {
    ctx.log.notice(undefined, `"${path}" refers to a local folder, use "${path}:" to refer to your remote or "./${path}" to hide this warning`);
  }
  const r = resolveRemote(path);
  try {
    return { fs: await r.reg.newFs(r.name, r.root, r.config, ctx) };
  } catch (err) {
    if (err instanceof IsFileError) return { fs: err.fs, file: err.leaf };
    throw err;
  }
}

/** Makes an Fs for `remote:path`. A path that names a file gives its parent directory's Fs. */
export async function newFsFromPath(path: string, ctx: Context): Promise<Fs> {
  return (await newFsFile(path, ctx)).fs;
}
