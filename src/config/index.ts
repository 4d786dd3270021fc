/** The config layer's public surface: rclone.conf, its encryption, obscured passwords and the `config` commands. */
export * from "./atomic.js";
export * from "./commands.js";
export * from "./crypt.js";
export * from "./default-store.js";
export * from "./file.js";
export * from "./ini.js";
export * from "./obscure.js";
export * from "./password.js";
export * from "./paths.js";
export * from "./unlock.js";
