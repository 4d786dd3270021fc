/** The tclone library: the same engine as the CLI, for Node programs. */
export * from "./fs/types.js";
export * from "./fs/errors.js";
