/**
 * Where the config file, the cache and temporary files live, found exactly
 * as rclone finds them so that tclone picks up an existing rclone.conf.
 */
import { existsSync, mkdirSync, realpathSync, statSync } from "node:fs";
import { homedir, tmpdir, userInfo } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { Logger } from "../fs/log.js";

/** The config file's name in its directory (the same name rclone uses). */
export const CONFIG_FILE_NAME = "rclone.conf";
/** The legacy name directly in the home directory. */
export const HIDDEN_CONFIG_FILE_NAME = ".rclone.conf";
// Any config path with this base name means "no config file" in rclone.
const NO_CONFIG_FILE = "notfound";

/** Inputs to the config file search; all default to the running process. */
export interface ConfigSearchOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /**
   * Directory of the executable, for a portable `rclone.conf` next to it.
   * Not guessed: the CLI passes {@link executableDir}(); a library user's
   * own script directory should not be searched by surprise.
   */
  exeDir?: string;
  /** True when `--config` or RCLONE_CONFIG was given: then no directory is created. */
  configSupplied?: boolean;
  log?: Logger;
}

/** The directory holding the running tclone entry script (symlinks resolved, like Go's os.Executable). */
export function executableDir(): string | undefined {
  const script = process.argv[1];
  if (script === undefined || script === "") return undefined;
  try {
    return dirname(realpathSync(script));
  } catch {
    return undefined;
  }
}

/** The user's home directory the way go-homedir finds it; "" if none. */
export function homeDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") {
    if (env.HOME) return env.HOME;
    if (env.USERPROFILE) return env.USERPROFILE;
    if (env.HOMEDRIVE && env.HOMEPATH) return env.HOMEDRIVE + env.HOMEPATH;
  } else if (env.HOME) {
    return env.HOME;
  }
  // Only fall back to the password database for the real environment; a test's env means "exactly this".
  if (env !== process.env) return "";
  try {
    return userInfo().homedir || homedir();
  } catch {
    return "";
  }
}

function existing(dir: string, name: string): string {
  const p = join(dir, name);
  try {
    statSync(p);
    return p;
  } catch {
    return "";
  }
}

/**
 * rclone's search for the config file: next to the executable, then
 * (Windows) %APPDATA%/rclone, $XDG_CONFIG_HOME/rclone, ~/.config/rclone,
 * ~/.rclone.conf. If none exists, the path a new file will get (its
 * directory is created unless a config path was supplied).
 */
export function findConfigFile(opts: ConfigSearchOptions = {}): string {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const log = opts.log;
  if (opts.exeDir) {
    const f = existing(opts.exeDir, CONFIG_FILE_NAME);
    if (f) return f;
  }
  let primaryDir = "";
  if (platform === "win32") {
    if (env.APPDATA) {
      primaryDir = join(env.APPDATA, "rclone");
      const f = existing(primaryDir, CONFIG_FILE_NAME);
      if (f) return f;
    } else {
      log?.debug(undefined, "Environment variable APPDATA is not defined and cannot be used as configuration location");
    }
  }
  // XDG is searched on Windows too, for compatibility, but is the default for new files only elsewhere.
  let xdgDir = "";
  if (env.XDG_CONFIG_HOME) {
    xdgDir = join(env.XDG_CONFIG_HOME, "rclone");
    const f = existing(xdgDir, CONFIG_FILE_NAME);
    if (f) return f;
  }
  if (platform !== "win32") primaryDir = xdgDir;
  const home = homeDir(env, platform);
  if (home === "") log?.debug(undefined, "Home directory not defined and cannot be used as configuration location");
  const fallbackDir = home ? join(home, ".config", "rclone") : "";
  if (fallbackDir) {
    const f = existing(fallbackDir, CONFIG_FILE_NAME);
    if (f) return f;
  }
  if (home) {
    const f = existing(home, HIDDEN_CONFIG_FILE_NAME);
    if (f) return f;
  }
  const supplied = opts.configSupplied ?? false;
  const dir = primaryDir || fallbackDir;
  if (dir) {
    const file = join(dir, CONFIG_FILE_NAME);
    if (supplied) return file;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o777 });
      return file;
    } catch (err) {
      if (home) {
        log?.debug(undefined, `Configuration directory could not be created and will not be used: ${(err as Error).message}`);
        return join(home, HIDDEN_CONFIG_FILE_NAME);
      }
      log?.error(undefined, `Couldn't find home directory nor create configuration directory: ${(err as Error).message}`);
    }
  } else if (!supplied) {
    log?.error(undefined, "Couldn't find configuration directory nor home directory");
  }
  if (!supplied) {
    log?.error(undefined, "Defaulting to storing config in current directory.");
    log?.error(undefined, "Use --config flag to workaround.");
  }
  return HIDDEN_CONFIG_FILE_NAME;
}

/** True for the values of `--config` that mean "keep the config in memory only". */
export function isInMemoryConfigPath(p: string, platform: NodeJS.Platform = process.platform): boolean {
  if (p === "") return true;
  if (p === (platform === "win32" ? "NUL" : "/dev/null")) return true;
  return basename(p) === NO_CONFIG_FILE;
}

/**
 * The config path in use: `--config` if given, else RCLONE_CONFIG if set
 * (even empty), else the search. "" means in memory only; anything else is
 * made absolute.
 */
export function resolveConfigPath(flag: string | undefined, opts: ConfigSearchOptions = {}): string {
  const env = opts.env ?? process.env;
  const given = flag ?? env.RCLONE_CONFIG;
  const platform = opts.platform ?? process.platform;
  if (given === undefined) return resolve(findConfigFile({ ...opts, configSupplied: opts.configSupplied ?? false }));
  if (isInMemoryConfigPath(given, platform)) return "";
  return resolve(given);
}

/** Go's os.UserCacheDir, or "" if it can't be found. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return env.LocalAppData ?? env.LOCALAPPDATA ?? "";
  if (platform === "darwin") return env.HOME ? join(env.HOME, "Library", "Caches") : "";
  const xdg = env.XDG_CACHE_HOME;
  if (xdg) return xdg.startsWith("/") ? xdg : "";
  return env.HOME ? join(env.HOME, ".cache") : "";
}

/** Go's os.TempDir. */
export function goTempDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return env.TMP || env.TEMP || env.USERPROFILE || tmpdir();
  return env.TMPDIR || "/tmp";
}

/** The three paths `config paths` prints. */
export interface ConfigPaths {
  /** "" when the config is in memory only. */
  configFile: string;
  cacheDir: string;
  tempDir: string;
}

/** Inputs to {@link configPaths}. */
export interface ConfigPathsOptions {
  /** The resolved config path ("" = in memory), e.g. ConfigFile.path. */
  configFile: string;
  /** `--cache-dir`, if given. */
  cacheDir?: string;
  /** `--temp-dir`, if given. */
  tempDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** The config file, cache dir and temp dir as rclone reports them. */
export function configPaths(opts: ConfigPathsOptions): ConfigPaths {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  let cacheDir: string;
  if (opts.cacheDir) cacheDir = resolve(opts.cacheDir);
  else cacheDir = join(userCacheDir(env, platform) || goTempDir(env, platform), "rclone");
  const tempDir = opts.tempDir ? resolve(opts.tempDir) : goTempDir(env, platform);
  return { configFile: opts.configFile, cacheDir, tempDir };
}

/** What `config file` reports about the config path. */
export type ConfigFileStatus =
  | { kind: "memory" }
  | { kind: "exists"; path: string }
  | { kind: "missing"; path: string };

/** Whether the config is in memory, stored at a path, or will be created there. */
export function fileStatus(configFile: string): ConfigFileStatus {
  if (configFile === "") return { kind: "memory" };
  return existsSync(configFile) ? { kind: "exists", path: configFile } : { kind: "missing", path: configFile };
}
