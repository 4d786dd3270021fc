/** Pages of the commands that transfer trees: copy, sync, move, copyto, moveto, and check. */
import { EXIT_CODES, RETRIES, SYNC_REPORTS, TRANSFER_RULE, TRANSFER_RULE_SHORT } from "./common.js";

const copy = `Copies the files under the source path to the destination path, leaving
alone every file that is already there and unchanged. Nothing is ever
deleted from the destination; \`tclone sync\` is the command that does that.

What gets copied is the content of the source directory, not the directory
itself: after

    tclone copy /home/me/docs remote:backup

the file /home/me/docs/notes/a.txt is at remote:backup/notes/a.txt. When
the source is a single file, it lands in the destination directory under
its own name (\`tclone copyto\` gives it a different one).

${TRANSFER_RULE}

Empty source directories are only created on the destination with
--create-empty-src-dirs. Filters choose which files take part. Useful
global flags: -n/--dry-run shows what would be copied without copying,
-i/--interactive asks before each change, -P/--progress shows live
progress, --transfers and --checkers set how many files are copied and
compared at once, --no-traverse looks destination files up one by one
instead of listing the destination (faster when copying a few files into a
big directory).

${SYNC_REPORTS}

Examples:

    tclone copy /home/me/docs remote:backup
    tclone copy -P --max-age 24h /var/log remote:logs
    tclone copy remote:bucket/report.pdf /tmp

${RETRIES}

${EXIT_CODES}
`;

const sync = `Makes the destination hold exactly what the source holds. Files that are
missing or different on the destination are copied, by the same rule as
\`tclone copy\`; files on the destination that the source lacks are deleted.
The source is never changed.

Because it deletes, try a sync with -n/--dry-run first, or confirm each
change with -i/--interactive. As with copy, the content of the source
directory is synced, not the directory itself.

${TRANSFER_RULE_SHORT}

Deleting on the destination:

- By default deletions wait until every transfer is done (--delete-after),
  and are skipped completely if anything went wrong during the run, so that
  a failed listing cannot make files look deleted. --ignore-errors deletes
  even then. --delete-during deletes while transferring, --delete-before
  in a pass of its own before any transfer.
- --backup-dir DIR moves files that would be replaced or deleted into DIR
  (on the same remote as the destination, outside both trees) instead of
  losing them; --suffix adds a suffix to their names.
- --max-delete N and --max-delete-size SIZE stop the run before it
  deletes more than that.
- Files excluded by filters stay on the destination, unless
  --delete-excluded is given.
- Directories left empty on the destination are removed. Empty source
  directories are created there only with --create-empty-src-dirs.

The two paths must not overlap (one inside the other) unless a filter
excludes the inner one: tclone refuses with a fatal error (exit code 7).
--track-renames spots files that were renamed on the source (same size and
hash) and renames them on the destination instead of copying them again.

${SYNC_REPORTS}

Examples:

    tclone sync -n /home/me/photos remote:photos
    tclone sync -P /home/me/photos remote:photos
    tclone sync --backup-dir remote:old/2024-06-01 /srv/site remote:site

${RETRIES}

${EXIT_CODES}
`;

const move = `Moves the files under the source path to the destination path: each is
copied where needed and then deleted from the source. A file the
destination already has, unchanged, is just deleted from the source (with
--ignore-existing it is left in place instead). Files on the destination
that the source lacks are not touched.

When both paths are on the same remote, the backend can move whole
directories and no filters are given, the source directory is moved in one
operation on the server: if the destination does not exist yet, the source
directory (with its empty subdirectories) simply becomes the destination.
Otherwise files are moved one at a time, server-side where the backend
can, else by copying and deleting. Source directories stay behind unless
--delete-empty-src-dirs is given (the source root itself is kept).

${TRANSFER_RULE_SHORT}

Try a move with -n/--dry-run first: it deletes from the source. The paths
must not overlap unless a filter excludes one from the other.

${SYNC_REPORTS}

Examples:

    tclone move /home/me/incoming remote:archive
    tclone move --delete-empty-src-dirs --min-age 30d remote:logs remote:old

${RETRIES}

${EXIT_CODES}
`;

const copyto = `Copies one file to an exact destination name, or a directory to an exact
destination path. It differs from \`tclone copy\` only for a single file:
copy puts the file inside the destination directory under its own name,
copyto writes it to the destination path as given, so it can rename.

    tclone copyto remote:reports/2024.pdf /tmp/latest.pdf

When the source is a directory, copyto works as copy does. An existing
destination file is only replaced if it differs from the source, by the
same size, time and hash rule as copy (see \`tclone help copy\`); the
comparison flags such as --checksum, --update and --ignore-existing apply.
--backup-dir and --suffix keep the file that is replaced.

Examples:

    tclone copyto /etc/hosts remote:machines/web1/hosts
    tclone copyto remote:dir /tmp/dir

${RETRIES}

Exit codes are those of \`tclone copy\`: 0 on success, 3 when the source
does not exist, 1 for most other errors.
`;

const moveto = `Moves one file to an exact destination name, or a directory to an exact
destination path; the way to rename a file on a remote. It differs from
\`tclone move\` only for a single file: move puts the file inside the
destination directory, moveto gives it the destination path as its name.

    tclone moveto remote:inbox/scan.pdf remote:taxes/2024/receipt.pdf

On one remote the rename is done on the server where the backend can;
otherwise the file is copied and then deleted. If the destination already
holds an identical file (same rule as \`tclone copy\`), the source is just
deleted. When the source is a directory, moveto works as move does.

Examples:

    tclone moveto remote:a.txt remote:b.txt
    tclone moveto /tmp/build.tar.gz remote:releases/v1.2.tar.gz

${RETRIES}

Exit codes are those of \`tclone copy\`: 0 on success, 3 when the source
does not exist, 1 for most other errors.
`;

const check = `Compares the files in the source with those in the destination and
reports every difference; nothing is changed. For each file on both sides
the sizes are compared, then a hash type that both remotes support. A file
that is only on one side counts as a difference too.

- --one-way only looks for the source's files on the destination and
  ignores extra files there.
- --size-only compares sizes alone.
- --download reads both copies and compares the bytes themselves: slow, but
  it works between remotes that have no hash in common. Without it such
  pairs are counted as "hashes could not be checked" rather than checked.
- -C/--checkfile TYPE treats the source as a sum file of that hash type
  (lines of "hash  path", as md5sum and \`tclone hashsum\` write them) and
  checks the destination's files against it.

At the end a summary is logged: how many files are missing on each side,
how many differences were found, and how many files match. Each difference
is also logged as an error, with its reason.

Reports: --combined, --match, --differ, --missing-on-dst, --missing-on-src
and --error each take a file name (or - for standard output) and write the
paths in that category, one per line. --combined lists every file with a
sign in front: \`=\` the same, \`*\` different, \`+\` only on the source,
\`-\` only on the destination, \`!\` could not be checked.

Examples:

    tclone check /home/me/photos remote:photos
    tclone check --one-way --combined report.txt /srv/data remote:data
    tclone check --download remote-a:dir remote-b:dir

Exit codes: 0 when everything matches, 1 when differences were found
(a destination that does not exist just means every file is missing), 3
when the source directory does not exist, 2 for a bad command line.
`;

export const SYNC_HELP: Record<string, string> = { copy, sync, move, copyto, moveto, check };
