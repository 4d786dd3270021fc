/**
 * The long help of every command and backend, in our own words. `tclone
 * help <command>` and `<command> --help` print these; docs/ is generated
 * from the same text (scripts/gen-docs.mjs). Only help.ts imports this
 * module, so the text is loaded only when help is asked for.
 */
import { ALIAS_HELP } from "./helptext/alias.js";
import { CONFIG_HELP } from "./helptext/config.js";
import { FILES_HELP } from "./helptext/files.js";
import { LIST_HELP } from "./helptext/list.js";
import { LOCAL_HELP } from "./helptext/local.js";
import { MISC_HELP } from "./helptext/misc.js";
import { SYNC_HELP } from "./helptext/sync.js";

export const ROOT_HELP = `tclone copies, syncs, checks and lists files on local disks and cloud
storage. It is rclone rebuilt in TypeScript for Node.js: the same commands
and flags, the same config file (rclone.conf) and the same output formats,
so scripts written for rclone work with it.

Paths are written remote:path, where remote is the name of a remote in the
config file (\`tclone config create\` makes one, \`tclone listremotes\` lists
them); a path without a remote name is on the local disk. The commands
that copy and sync copy the contents of the source directory, not the
directory itself.

    tclone copy /home/me/photos backup:photos      copy new and changed files
    tclone sync -n /home/me/photos backup:photos   show what sync would do
    tclone lsl backup:photos                       list with sizes and times
    tclone check /home/me/photos backup:photos     compare the two sides

Global flags, such as -n/--dry-run, -v, -P/--progress, --transfers and the
filters (--include, --exclude, --max-age, ...), work with every command
and can be placed anywhere on the line.
`;

/** Keyed by command path ("copy", "config show"). */
export const COMMAND_HELP: Record<string, string> = {
  ...SYNC_HELP,
  ...LIST_HELP,
  ...FILES_HELP,
  ...MISC_HELP,
  ...CONFIG_HELP,
};

/** Keyed by backend type name ("local"). */
export const BACKEND_HELP: Record<string, string> = {
  alias: ALIAS_HELP,
  local: LOCAL_HELP,
};
