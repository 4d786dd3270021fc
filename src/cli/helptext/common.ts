/**
 * Paragraphs that several command pages share: the rule deciding whether a
 * file needs copying, the per-file report flags and the exit codes.
 */

/** How copy, sync, move and friends decide that a file needs transferring. */
export const TRANSFER_RULE = `How tclone decides whether a file needs copying:

- it is not on the destination: copy it;
- the sizes differ: copy it;
- the sizes agree and the modification times agree within the modify
  window (the largest of --modify-window and the time precision of the two
  remotes): leave it;
- the sizes agree but the times do not: compare a hash type that both
  remotes support. Equal hashes mean only the destination's modification
  time is corrected (not with --no-update-modtime); different hashes, or
  no hash in common, mean the file is copied.

Where a remote keeps no modification times, size alone decides. These
flags change the rule:

    -c, --checksum          size and hash; times are not looked at
        --size-only         size alone
    -I, --ignore-times      copy every file, changed or not
    -u, --update            leave files that are newer on the destination
        --ignore-existing   leave every file the destination already has

Each copy is checked afterwards: the sizes and, where both sides have one,
a common hash must agree, otherwise the copy is removed and counted as an
error.`;

/** The short form of TRANSFER_RULE, for the pages after copy's. */
export const TRANSFER_RULE_SHORT = `Files are compared as \`tclone copy\` compares them: by size and
modification time, and by hash where the times differ, so an unchanged
file is not copied again. -c/--checksum, --size-only, -I/--ignore-times,
-u/--update and --ignore-existing change the rule; \`tclone help copy\`
explains it in full.`;

/** The --combined/--match/... flags of the sync family. */
export const SYNC_REPORTS = `Reports: --combined, --match, --differ, --missing-on-dst, --missing-on-src
and --error each take a file name (or - for standard output) and write one
path per line: the files in that category. --combined writes every path
with a sign in front:

    = path    the same on both sides
    * path    present on both sides but different
    + path    only on the source
    - path    only on the destination
    ! path    an error happened while handling it

Directories are reported too, with a trailing /.`;

/** rclone's exit codes, which tclone keeps. */
export const EXIT_CODES = `Exit codes:

     0  success
     1  an error that fits none of the codes below
     2  bad command line: unknown flag, wrong number of arguments
     3  a directory was not found
     4  a file was not found
     5  a temporary error: running again later may help
     6  an error that running again will not fix
     7  a fatal error
     8  the --max-transfer limit was reached
     9  nothing was transferred and --error-on-no-transfer was given
    10  the --max-duration limit was reached`;

/** Whole-command retries (commands with retry in the table). */
export const RETRIES = `When a run ends with errors that may be temporary, the whole command runs
again from the start, up to --retries times (default 3, pause between runs
with --retries-sleep). Fatal errors and errors marked as not worth
retrying stop at once.`;

/** What the listing commands share. */
export const LISTING_NOTES = `Filters (--include, --exclude, --min-size, --max-age, ...) choose what is
listed; --max-depth limits how deep the listing goes. The order of the
lines is not fixed, so scripts that need one should sort the output.`;
