/**
 * Registration of the local backend ("local"): its options and commands as
 * data. The implementation is loaded with a dynamic import only when a local
 * Fs is made, so that start-up does not pay for it.
 */
import type { Context } from "../../fs/context.js";
import type { ConfigMapper } from "../../fs/options.js";
import { registerBackend, type CommandHelp, type MetadataInfo, type RegInfo } from "../../fs/registry.js";
import type { Fs } from "../../fs/types.js";
import { LOCAL_OPTIONS } from "./options.js";

export { LOCAL_OPTIONS, LINK_SUFFIX, defaultLocalEncoding } from "./options.js";
export type { LocalOptions, TimeType } from "./options.js";

/** The system metadata keys of local files and directories (rclone's MetadataInfo). */
export const LOCAL_METADATA_INFO: MetadataInfo = {
  system: {
    mode: { help: "File type and mode", type: "octal, unix style", example: "0100664" },
    uid: { help: "User ID of owner", type: "decimal number", example: "500" },
    gid: { help: "Group ID of owner", type: "decimal number", example: "500" },
    rdev: { help: "Device ID (if special file)", type: "hexadecimal", example: "1abc" },
    atime: { help: "Time of last access", type: "RFC 3339", example: "2006-01-02T15:04:05.999999999Z07:00" },
    mtime: { help: "Time of last modification", type: "RFC 3339", example: "2006-01-02T15:04:05.999999999Z07:00" },
    btime: { help: "Time of file birth (creation)", type: "RFC 3339", example: "2006-01-02T15:04:05.999999999Z07:00" },
  },
  help:
    "Which system metadata is returned depends on the OS; all of it can be set everywhere except btime,\n" +
    "which Linux cannot set. User metadata is kept in extended attributes under the \"user.\" prefix; this\n" +
    "needs the native helper (built at install time) and a file system that has extended attributes.\n" +
    "Metadata is read and written for files and directories.\n\n" +
    "With --metadata the mode, uid and gid of the source are applied. They come from the source, which may\n" +
    "not be trusted: restoring metadata as root from an untrusted source can give files away, so the setuid,\n" +
    "setgid and sticky bits are dropped unless --local-metadata-restore-special-bits is given.",
};

/** The backend commands (`tclone backend <command> local:`). */
export const LOCAL_COMMANDS: CommandHelp[] = [
  {
    name: "noop",
    short: "A command that does nothing, for testing backend commands.",
    long: "Does nothing unless asked: its options make it echo what it was given or fail on purpose.",
    opts: {
      echo: "Return the arguments and options given.",
      error: "Fail with the option's value as the error message.",
    },
  },
];

/** The local backend's registration. */
export const localRegInfo: RegInfo = registerBackend({
  name: "local",
  description: "Local Disk",
  options: LOCAL_OPTIONS,
  commandHelp: LOCAL_COMMANDS,
  metadataInfo: LOCAL_METADATA_INFO,
  async newFs(name: string, root: string, config: ConfigMapper, ctx: Context): Promise<Fs> {
    const impl = await import("./fs.js");
    return impl.newLocalFs(name, root, config, ctx);
  },
});
