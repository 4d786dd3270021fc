/** Loads the rclone.conf the flags and environment name, and installs it as the remotes' store. */
import { ConfigFile } from "../config/file.js";
import { executableDir } from "../config/paths.js";
import { FsError } from "../fs/errors.js";
import type { GlobalOptions } from "../fs/globals.js";
import type { Logger } from "../fs/log.js";
import { setConfigStore } from "../fs/newfs.js";
import { StartupError } from "./cli.js";

let loaded: ConfigFile | undefined;


/** The config loaded for this run (loads it if the command did not need it before). */
export async function loadConfig(opt: GlobalOptions, log: Logger, configGiven: boolean): Promise<ConfigFile> {
  if (loaded) return loaded;
  // A portable rclone.conf sits next to the program (for tclone, the package's bin/ directory).
  const exeDir = executableDir();
  try {
    loaded = await ConfigFile.load({
      ...(configGiven ? { path: opt.config } : {}),
      passwordCommand: opt.passwordCommand,
      askPassword: opt.askPassword,
      log,
      lowLevelRetries: opt.lowLevelRetries,
      ...(exeDir !== undefined ? { exeDir } : {}),
    });
  } catch (err) {
    if (err instanceof FsError && err.kind === "usage") throw err;
    throw new StartupError(err instanceof Error ? err.message : String(err), err);
  }
  setConfigStore(loaded);
  return loaded;
}
