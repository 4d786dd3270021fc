/**
 * The long help of every command and backend, in our own words. `tclone
 * help <command>` and `<command> --help` print these; docs/ is generated
 * from the same text (scripts/gen-docs.mjs).
 */

export const ROOT_HELP = `
tclone copies, syncs and lists files between local disks and cloud storage.
It is rclone rebuilt in TypeScript for Node.js: the same commands, flags,
config file (rclone.conf) and output, so rclone's documentation applies.
`;

/** Keyed by command path ("copy", "config show"). */
export const COMMAND_HELP: Record<string, string> = {};

/** Keyed by backend type name ("local"). */
export const BACKEND_HELP: Record<string, string> = {};
