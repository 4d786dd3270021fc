/** Pages of the listing commands: ls, lsl, lsd, lsf, lsjson, tree, size and the hashsum family. */
import { LISTING_NOTES } from "./common.js";

const ls = `Lists every file under the path, with its size in bytes, one per line:

    $ tclone ls remote:photos
       204551 2024/beach.jpg
      1839204 2024/city.jpg
        48213 index.html

The listing goes down through all subdirectories; directories themselves
are not shown (\`tclone lsd\` lists those). Use --max-depth 1 to see only
the files directly in the path. Paths are relative to the path listed.
With --human-readable sizes are shown with units (1.742Mi).

${LISTING_NOTES}

Related commands: lsl adds modification times, lsf and lsjson produce
output made for scripts, tree draws the hierarchy.

Examples:

    tclone ls remote:photos
    tclone ls --max-depth 1 /srv/data
    tclone ls --include "*.pdf" remote:documents
`;

const lsl = `Lists every file under the path with its size, its modification time and
its path, one per line:

    $ tclone lsl remote:photos
       204551 2024-06-01 09:12:44.120000000 2024/beach.jpg
        48213 2023-11-30 17:02:01.000000000 index.html

Times are shown in the local time zone with nine decimal places, whatever
the precision of the remote (a remote keeping whole seconds shows zeros).
Like ls, lsl descends into every subdirectory (limit it with --max-depth)
and shows files only. With --human-readable sizes are shown with units.

${LISTING_NOTES}

Examples:

    tclone lsl remote:photos
    tclone lsl --max-age 2d /var/log
`;

const lsd = `Lists the directories in the path, one per line. Without -R/--recursive
only the directories directly inside the path are shown; on the root of a
bucket-based remote these are the buckets.

    $ tclone lsd remote:
              -1 2024-06-01 09:12:44        -1 photos
              -1 2024-05-20 18:40:03        -1 documents

The columns are the size of the directory, its modification time (local
time zone), the number of entries it holds, and its path. Most remotes
know neither the size nor the count, which then show as -1.

-R lists every directory below the path, as does --max-depth with a
number greater than 1.

Examples:

    tclone lsd remote:
    tclone lsd -R remote:projects
`;

const lsf = `Lists the files and directories in the path in a form that is easy for
scripts to read. By default each line is just a name, and directories end
with a slash:

    $ tclone lsf remote:site
    css/
    index.html
    logo.png

Only the path itself is listed unless -R/--recursive is given. -F/--format
picks the fields, one letter each, in the order wanted:

    p  path (relative to the path listed)
    s  size in bytes (-1 for directories)
    t  modification time (see --time-format)
    h  hash, of the type given by --hash (default md5); empty for
       directories and where the remote cannot provide it
    i  ID of the object, on remotes that have IDs (empty otherwise)
    o  original ID of the object under a wrapping remote (not filled in by
       tclone yet)
    m  MIME type, as stored by the remote or guessed from the extension
    e  encrypted name, on crypt remotes (not filled in by tclone yet)
    T  storage tier, where the remote has tiers (e.g. STANDARD, Hot)
    M  metadata as a JSON object, {} if there is none

Fields are joined by the -s/--separator string (default ";"). Separators
inside names are not escaped, so keep the path last, or use --csv: the
fields are then written as CSV, quoted where needed, separated by commas
(or by the first character of --separator if one is given).

The t field shows local time as 2006-01-02 15:04:05 by default.
-t/--time-format takes a Go layout (2006-01-02T15:04:05.000Z07:00) or one
of: RFC3339, RFC3339Nano, DateTime, DateOnly, Kitchen and Go's other
named layouts; max, for as many decimal places as the remote keeps; unix,
for seconds since 1970; unixnano, for nanoseconds since 1970.

Other flags: --files-only or --dirs-only to list just one kind,
--dir-slash=false to leave the slash off directories, --absolute to start
every path with / (the form --files-from-raw reads).

${LISTING_NOTES}

Examples:

    tclone lsf -F tsp remote:site
    tclone lsf -R --files-only -F hp --separator "  " remote:site
    tclone lsf -R --absolute --files-only --max-age 1d /data > changed.txt
    tclone lsf --csv -F pst -R remote:site > listing.csv
`;

const lsjson = `Lists the files and directories in the path as a JSON array. Each entry is
written on a line of its own, so the output can be read either as one JSON
document or line by line:

    [
    {"Path":"index.html","Name":"index.html","Size":48213,"MimeType":"text/html; charset=utf-8","ModTime":"2024-06-01T09:12:44.12Z","IsDir":false},
    {"Path":"css","Name":"css","Size":-1,"MimeType":"inode/directory","ModTime":"2024-05-20T18:40:03Z","IsDir":true}
    ]

Fields, in the order they appear:

    Path      path relative to the path listed (with -R, it includes the
              subdirectories; otherwise it equals Name)
    Name      the last element of Path
    EncryptedPath, Encrypted
              the encrypted path and name, on crypt remotes with
              --encrypted (not filled in by tclone yet)
    Size      size in bytes; -1 for directories and unknown sizes
    MimeType  MIME type, "inode/directory" for directories; left out with
              --no-mimetype
    ModTime   modification time in RFC 3339 form, in the local time zone,
              with as many decimal places as the remote keeps; "" with
              --no-modtime
    IsDir     true for directories
    Hashes    object of hash name to hex value, with --hash (every type
              the remote supports) or --hash-type TYPE (repeatable);
              missing hashes are left out
    ID        the object's ID, on remotes that have IDs
    OrigID    ID of the object under a wrapping remote, with --original
              (not filled in by tclone yet)
    Tier      storage tier, on remotes that have tiers
    IsBucket  true for buckets at the root of a bucket-based remote;
              otherwise left out
    Metadata  object of metadata keys and values, with -M/--metadata

Fields with nothing to say (ID, Tier, ...) are left out. --no-modtime and
--no-mimetype save requests on remotes where those cost extra; --hash can
be slow, since some remotes (the local disk among them) must read each file
to hash it.

Only the path itself is listed unless -R/--recursive is given.
--files-only and --dirs-only list just one kind. --stat prints the single
file or directory named by the path, as one indented JSON object instead of
an array; if it does not exist the command fails with exit code 4.

${LISTING_NOTES}

Examples:

    tclone lsjson remote:site
    tclone lsjson -R --files-only --hash-type sha1 remote:site
    tclone lsjson --stat remote:site/index.html
`;

const tree = `Draws the files and directories under the path as a tree, in the style of
the Unix tree program:

    $ tclone tree remote:site
    /
    ├── css
    │   └── main.css
    ├── index.html
    └── logo.png

    1 directories, 3 files

Names starting with a dot are hidden unless -a/--all is given. The whole
listing is read before anything is printed.

What is shown:

    -s, --size       size of each file (of each directory: total below it)
    -D, --modtime    modification time of each file
        --full-path  each entry's full path instead of its name
    -Q, --quote      names in double quotes
    -i, --noindent   no tree lines, just the names
    -d, --dirs-only  directories only
        --level N    at most N levels deep (--max-depth N does the same)
        --noreport   no "N directories, M files" line at the end

The global --human-readable flag shows sizes too, in short form (1.5K).

Order: by name unless --sort says otherwise (name, version, size or mtime;
version orders runs of digits by their value, so file2 comes before
file10). -t/--sort-modtime is short for --sort mtime. --dirsfirst puts
directories before files; as in rclone it takes the place of the name,
version or size order, so within each group the order is not defined.
-r/--sort-reverse reverses the order and -U/--unsorted keeps the order of
the listing.

Filters apply, as for the other listing commands.

Examples:

    tclone tree remote:site
    tclone tree -d --level 2 remote:
    tclone tree -s -D --dirsfirst /srv/data
`;

const size = `Counts the files under the path and adds up their sizes:

    $ tclone size remote:photos
    Total objects: 1.204k (1204)
    Total size: 3.512 GiB (3771193344 Byte)

Files whose size the remote does not know are counted on a line of their
own and left out of the total, with a notice that the total may be too
small. --json prints the same as one JSON object:

    {"count":1204,"bytes":3771193344,"sizeless":0,"fs":"remote:photos"}

Filters and --max-depth limit what is counted.

Examples:

    tclone size remote:photos
    tclone size --json --include "*.mp4" remote:videos
`;

const hashsumFlags = `Flags:

- --base64 prints each hash in URL-safe base64 instead of hex.
- --output-file FILE writes the sums to FILE instead of standard output.
- --download reads every file and hashes the data locally, for remotes
  that cannot supply the hash (or to check what they say). Files are then
  read --transfers at a time; otherwise hashes are asked for --checkers at
  a time.
- -C/--checkfile FILE checks the files against an existing sum file of
  this hash type instead of printing sums: each file is reported as check
  reports it ("= path" for a match, "* path" for a difference, "+"/"-" for
  a file on one side only), and the exit code says whether all matched.`;

const hashsum = `Prints a hash of every file under the path, one line per file in the
format of md5sum and sha1sum: the hash, two spaces, the path.

    $ tclone hashsum sha256 remote:site
    5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a.txt

Run without arguments, hashsum lists the hash types tclone knows: md5,
sha1, whirlpool, crc32, sha256, sha512, blake3, xxh3, xxh128, dropbox,
hidrive, mailru and quickxor. Type names are not case sensitive. Which of
them a remote can supply depends on the backend (\`tclone help backend
<name>\`); the local disk computes any of them by reading the file. A file
the remote has no such hash for is shown with UNSUPPORTED in place of the
hash; a file whose hash could not be read is logged as an error and left
out.

${hashsumFlags}

Filters and --max-depth choose the files.

Examples:

    tclone hashsum
    tclone hashsum sha256 remote:releases
    tclone hashsum xxh3 --output-file sums.txt /srv/data
`;

const md5sum = `Prints the MD5 hash of every file under the path, in the format of the
md5sum program (the hash, two spaces, the path), so that the output can be
checked with "md5sum -c". It is \`tclone hashsum md5\` under another name.

A file the remote keeps no MD5 for is shown with UNSUPPORTED in place of
the hash; --download makes tclone compute it from the data instead.

${hashsumFlags}

Examples:

    tclone md5sum remote:photos
    tclone md5sum --download --output-file photos.md5 remote:photos
`;

const sha1sum = `Prints the SHA-1 hash of every file under the path, in the format of the
sha1sum program (the hash, two spaces, the path), so that the output can be
checked with "sha1sum -c". It is \`tclone hashsum sha1\` under another name.

A file the remote keeps no SHA-1 for is shown with UNSUPPORTED in place of
the hash; --download makes tclone compute it from the data instead.

${hashsumFlags}

Examples:

    tclone sha1sum remote:photos
    tclone sha1sum --base64 /srv/data
`;

export const LIST_HELP: Record<string, string> = { ls, lsl, lsd, lsf, lsjson, tree, size, hashsum, md5sum, sha1sum };
