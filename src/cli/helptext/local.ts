/** The page of the local backend (its options are generated from the registration). */

export const LOCAL_HELP = `The local backend works on the files of the machine tclone runs on. Every
path that does not start with a remote name is local:

    tclone sync /home/me/photos remote:photos
    tclone ls ./build

A remote of type local is only needed to give a local directory options of
its own, either in the config file:

    [backup-disk]
    type = local
    one_file_system = true

or on the command line, as a connection string: :local,links:/mnt/data.

### Paths and names

Paths may be absolute or relative to the current directory; messages show
them absolute ("Local file system at /home/me/photos"). A path that names
a file makes the command work on that one file.

Names are passed on byte for byte, even ones that are not valid UTF-8
(such a name is reported with a notice when it is met). Characters that a
file name cannot hold are replaced by look-alikes when written: a / that is
part of a name on another remote becomes ／ (full-width solidus), and a
name that is just . or .. becomes ． or ．．. A name that already contains
such a look-alike is marked with ‛ so that it reads back as it was. The
--local-encoding option below chooses which characters are treated so.

### Modification times

Times are kept to the nanosecond. This needs the small native helper that
is compiled when tclone is installed (if a C compiler is available).
Without it times are kept to the microsecond, which tclone allows for when
comparing them; everything else works the same, except user metadata (see
below). TCLONE_NO_NATIVE=1 in the environment turns the helper off.

### Symbolic links

Symbolic links are skipped by default, each with a notice:

    NOTICE: link: Can't follow symlink without -L/--copy-links

- -L/--copy-links follows them: a link to a file is treated as that file,
  a link to a directory as that directory. Broken links are reported and
  skipped.
- -l/--links turns each link into a small file named \`<name>.rclonelink\`
  whose content is the link's target, so that links survive a trip
  through remotes that have none; when such a file is written to the local
  disk with -l, it becomes a link again. -l and -L cannot be used together.
- --skip-links skips links without the notice.

With -l, tclone never writes through a link that leads out of the
destination, so a source cannot plant a link and then write through it.

Named pipes, sockets and device files are always skipped, with a notice
unless --skip-specials is given.

### Files that change while being copied

While a file is read, its size and modification time are watched; if
either changes, the copy of that file fails with "can't copy - source file
is being updated" (a retry of the whole command may then succeed). For
files that only grow (logs), --local-no-check-updated copies them as they
were when first seen.

### Metadata

With -M/--metadata these keys are read and written, for files and
directories:

    mode       file type and permissions, in octal (100644)
    uid, gid   owner and group IDs (1000)
    rdev       device ID of a special file, in hex (1abc)
    atime      time of the last access
    mtime      time of the last modification
    btime      time of creation (birth)

Times are in RFC 3339 form, e.g. 2024-06-01T09:12:44.5+02:00.

Other keys are user metadata, stored as extended attributes named
\`user.<key>\` (on Linux, with the native helper, on file systems that have
extended attributes). A birth time cannot be set on Linux. When metadata
is applied, the setuid, setgid and sticky bits are dropped, since the
source may not be trustworthy, unless
--local-metadata-restore-special-bits is given.

### Hashes

Every hash type tclone knows is available: md5, sha1, whirlpool, crc32,
sha256, sha512, blake3, xxh3, xxh128, dropbox, hidrive, mailru and
quickxor. The local disk stores no hashes, so each is computed by reading
the file when it is asked for: --checksum and \`tclone check\` read every
file they compare. --local-hashes limits the types offered.

### Space

\`tclone about /path\` shows the total, used and free space of the file
system that holds the path.

### Options that change nothing here

Some options exist so that rclone configurations load unchanged, but have
no effect in tclone: --local-no-preallocate (tclone never reserves space
before writing), --local-no-sparse (sparse files are a Windows matter),
--local-no-clone (tclone does not clone files; rclone clones them only
on macOS) and --local-nounc (Windows only).

### Backend command

The backend has one command, noop, which does nothing (it only serves to
test the machinery of backend commands). tclone has no "backend" command
to run it from the command line yet.
`;
