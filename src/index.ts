/**
 * The tclone library: the same engine as the CLI, for Node programs.
 * See api.ts for the high-level calls (newFs, sync, copy, move, check,
 * listJson); the lower layers are exported for programs that need them.
 */
import "./backends/index.js";
import { setConfigStoreLoader } from "./fs/newfs.js";
import { loadDefaultConfigStore } from "./config/default-store.js";

// Remotes come from the user's rclone.conf, read the first time one is needed.
setConfigStoreLoader(loadDefaultConfigStore);

export * from "./api.js";
export * from "./fs/types.js";
export * from "./fs/errors.js";
export { HASH_TYPES, hashSet, hashTypes, newHasher, type HashType, type HashSet } from "./fs/hash.js";
export { defaultGlobalOptions, type GlobalOptions } from "./fs/globals.js";
export { Logger, LogLevel } from "./fs/log.js";
export { newFsFile, newFsFromPath, setConfigStore, type ConfigStore } from "./fs/newfs.js";
export { parsePath, joinRootPath } from "./fs/path.js";
export { registerBackend, backends, findBackend, type RegInfo } from "./fs/registry.js";
export type { OptionSpec } from "./fs/options.js";
export { Stats } from "./accounting/stats.js";
export { newOpsContext, type OpsContext } from "./ops/context.js";
export { obscure, reveal } from "./config/obscure.js";
