/**
 * The config store a library user gets without setting one up: the
 * rclone.conf the rclone CLI would use, found the same way (RCLONE_CONFIG,
 * then the usual search), decrypted only from non-interactive sources
 * (_RCLONE_CONFIG_KEY_FILE, RCLONE_CONFIG_PASS) since a library must not
 * prompt on someone else's terminal.
 */
import type { ConfigStore } from "../fs/newfs.js";
import { Logger, LogLevel } from "../fs/log.js";
import { ConfigFile } from "./file.js";

/**
 * Loads the default config store (for `setConfigStoreLoader`). Only errors
 * are logged: a program embedding tclone should not get rclone's notices
 * on its stderr. Throws FsError if the file exists but can't be read.
 */
export function loadDefaultConfigStore(): ConfigStore {
  const log = new Logger();
  log.level = LogLevel.Error;
  return ConfigFile.loadSync({ log, askPassword: false });
}
