/** Pages of the commands that work on files and directories one at a time, and about. */

const cat = `Writes the contents of files to standard output. If the path is a
directory, every file under it is written, one after another, in listing
order; filters and --max-depth choose which.

    tclone cat remote:notes/todo.txt
    tclone cat --include "*.csv" remote:exports > all.csv

Part of each file can be selected:

- --head N writes the first N bytes of each file, --tail N the last N
  (only one of the two may be given);
- --offset N starts N bytes in (a negative N counts back from the end) and
  --count N stops after N bytes.

--separator TEXT is written after each file, e.g. --separator $'\\n' in
bash to make sure every file ends on a new line. --discard reads the files
but throws the data away, which is a way to test download speed (add -P to
watch it).

Examples:

    tclone cat remote:logs/app.log --tail 2000
    tclone cat --offset 1048576 --count 512 remote:disk.img | xxd
    tclone cat -P --discard remote:big-file
`;

const rcat = `Reads standard input and stores it as one file on the remote, replacing
the file if it exists. Its modification time is the time of the upload.

    echo "hello" | tclone rcat remote:greeting.txt
    tar czf - /home/me | tclone rcat remote:backups/home.tar.gz

Input up to --streaming-upload-cutoff (default 100Ki) is read into memory
first; if it ends within that, it is uploaded in one go, size known. Longer
input is streamed to the remote as it arrives. A backend that cannot
accept data of unknown length makes rcat fail in that case (tclone does
not spool the stream to a temporary file). If the exact length is known,
--size N says so and the data is streamed with that size.

The data is not kept, so a failed upload cannot be retried: for large or
precious data, write it to a local file first and use \`tclone move\`.
rcat refuses to run when standard input is a terminal.

Examples:

    pg_dump mydb | tclone rcat remote:db/mydb.sql
    cat disk.img | tclone rcat --size 1073741824 remote:images/disk.img
`;

const mkdir = `Creates the directory at the path, along with any missing parents. It is
not an error if it exists already. On the root of a bucket-based remote
this creates the bucket.

Some remotes have no real directories: there the directory only appears
once a file is put in it.

Examples:

    tclone mkdir remote:projects/2024
    tclone mkdir /mnt/backup/photos
`;

const rmdir = `Removes the directory at the path. It must be empty: a directory that
still holds files or subdirectories is left alone and the command fails.
Filters do not apply.

Use \`tclone rmdirs\` to remove a whole tree of empty directories, and
\`tclone purge\` to remove a directory together with its contents.

Example:

    tclone rmdir remote:projects/old
`;

const rmdirs = `Removes every empty directory under the path, deepest first, so that a
directory holding nothing but empty directories goes too. The path itself
is removed as well if it ends up empty, unless --leave-root is given.
Files are never deleted.

Only directories that the filters include are removed. --max-depth limits
how deep tclone looks. Try it first with -n/--dry-run to see what would go.

Examples:

    tclone rmdirs remote:photos
    tclone rmdirs --leave-root /srv/upload
`;

const purge = `Removes the path and everything in it: files, subdirectories and the
directory itself.

Filters are ignored: purge always removes everything. To remove only some
files use \`tclone delete\`, which obeys filters. Where the backend can
delete a whole directory in one operation tclone uses that; otherwise it
deletes the files and then the directories.

This cannot be undone: use -n/--dry-run or -i/--interactive if in doubt.

Example:

    tclone purge remote:tmp/build-1234
`;

const del = `Deletes the files under the path, going into every subdirectory. Filters
choose which files go, and directories are kept, even when left empty.
With --rmdirs the empty directories under the path are removed afterwards
as well (the path itself is kept).

Unlike purge, delete obeys filters, so a wrong filter deletes the wrong
files: run it with -n/--dry-run first, or list with the same flags.
--max-delete N stops before more than N files are deleted.

Examples:

    tclone delete --min-age 30d remote:logs
    tclone delete --include "*.tmp" --rmdirs remote:work

Checking a filter before deleting with it:

    tclone ls --max-size 100 remote:data
    tclone delete --max-size 100 remote:data
`;

const deletefile = `Deletes one file. The path must name a file: if it names a directory, or
nothing, the command fails with exit code 4 and nothing is deleted.
Filters do not apply.

Example:

    tclone deletefile remote:photos/blurry.jpg
`;

const touch = `Sets the modification time of a file to the current time, creating it
empty if it does not exist.

- -C/--no-create leaves missing files missing.
- -t/--timestamp TIME uses TIME instead of now. TIME is YYMMDD
  (240601), YYYY-MM-DDTHH:MM:SS (2024-06-01T09:30:00), or that followed by
  fractional seconds (2024-06-01T09:30:00.250). It is read as UTC, or in
  the local time zone with --localtime.

If the path is a directory, the files directly in it are touched (no file
is created). With -R/--recursive every file below it is touched; -R never
creates files, even when the path does not exist.

Examples:

    tclone touch remote:flags/ready
    tclone touch -C -t 2024-01-01T00:00:00 remote:reports/q4.pdf
    tclone touch -R --localtime -t 240601 /srv/site
`;

const about = `Shows how much space the remote has: its total size, what is used, what is
free, and where the remote reports them, what is in the trash, used by
other things, and the number of objects.

    $ tclone about remote:
    Total:   2 TiB
    Used:    1.093 TiB
    Free:    924.322 GiB
    Trashed: 12.500 GiB

Only the figures the backend reports are shown, and how they are counted
differs between services; on the local disk they are those of the file
system that holds the path (used and free need not add up to the total,
as the system keeps some space back). --full prints exact byte counts
instead of rounded units. --json prints an object with the keys total,
used, free, trashed, other and objects, in bytes, leaving out the ones not
reported. A backend that cannot report usage makes about fail.

Examples:

    tclone about remote:
    tclone about --json /
`;

export const FILES_HELP: Record<string, string> = { cat, rcat, mkdir, rmdir, rmdirs, purge, delete: del, deletefile, touch, about };
