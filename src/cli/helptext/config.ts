/** Pages of config and its subcommands. */

const CONFIG_LOCATION = `Which config file is used: the one given with --config, else the one named
by the RCLONE_CONFIG environment variable, else the first of these that
exists:

    rclone.conf next to the tclone program (in the package's bin directory)
    %APPDATA%\\rclone\\rclone.conf (on Windows only)
    $XDG_CONFIG_HOME/rclone/rclone.conf
    ~/.config/rclone/rclone.conf
    ~/.rclone.conf

When none exists, a new file goes in %APPDATA%\\rclone on Windows, and
elsewhere in $XDG_CONFIG_HOME/rclone if that variable is set, else in
~/.config/rclone. --config "" and --config /dev/null keep the
configuration in memory only.`;

const PASSWORD_SOURCES = `An encrypted config file needs its password to be read. tclone takes it
from the command given with --password-command (its output), else from the
RCLONE_CONFIG_PASS environment variable, else asks for it on the terminal
(unless --ask-password=false).`;

const config = `Manages the config file, where remotes are defined: one section per remote
holding its type and options, in the format of rclone's rclone.conf, which
tclone reads and writes as rclone does (comments and order are kept).

    [photos]
    type = local
    copy_links = true

Run with no subcommand (or as \`config edit\`), config holds a
conversation that makes, edits, renames, copies and deletes remotes and
sets the config file's password. It asks what rclone's asks, in the same
words, so that rclone's guides can be followed as they are: the type of
storage by number or name, then each option with its help, examples and
default (Enter takes the default), the advanced options if wanted, and a
summary to keep, edit or drop. Answers may come from a terminal or a pipe,
one line each, so a script can drive it; passwords typed at a terminal are
not shown. Nothing is saved until a remote is complete: input that ends
half way leaves the file as it was. The subcommands below do the same
without questions.

${CONFIG_LOCATION}

Remotes can also be defined without a file, by environment variables:
RCLONE_CONFIG_PHOTOS_TYPE=local defines the remote photos, and
\`RCLONE_CONFIG_PHOTOS_<OPTION>\` sets its options. Such variables override
the file's values for the same remote.

Examples:

    tclone config create photos local copy_links true
    tclone config show photos
    tclone config file
`;

const edit = `Holds the interactive conversation that sets up remotes: the same as
\`tclone config\` with no subcommand (see there).
`;

const file = `Prints the path of the config file in use. If the file does not exist
yet, it says so and prints the path where it would be created (the message
mentions rclone, whose wording tclone keeps). If the configuration is kept
in memory only (--config ""), it says that instead.

${CONFIG_LOCATION}

Example:

    tclone config file
`;

const paths = `Prints three paths: the config file, the cache directory and the
directory for temporary files.

    $ tclone config paths
    Config file: /home/me/.config/rclone/rclone.conf
    Cache dir:   /home/me/.cache/rclone
    Temp dir:    /tmp

The cache directory is set with --cache-dir (default: the system's cache
directory, with rclone added), the temporary one with --temp-dir (default:
$TMPDIR or /tmp).

Example:

    tclone config paths
`;

const show = `Prints the config file. With a remote name, prints only that remote's
section: its name in brackets and a key = value line per option, with
password options shown as \`*** ENCRYPTED ***\`. Without a name, prints the
whole file as stored (decrypted, if the file is encrypted; passwords in
their obscured form), or "; empty config" if there is nothing in it.

Values set by \`RCLONE_CONFIG_<REMOTE>_<KEY>\` environment variables take the
place of the file's when one remote is shown.

To share a config with someone (in a bug report, say), use \`tclone config
redacted\`, which hides secrets.

Examples:

    tclone config show
    tclone config show photos
`;

const dump = `Prints the whole config file as a JSON object: one member per remote, each
an object of its options (keys in alphabetical order, every value a
string). The output does not end with a new line.

    $ tclone config dump
    {
        "photos": {
            "copy_links": "true",
            "type": "local"
        }
    }

Password options appear in their obscured form. Values set by
\`RCLONE_CONFIG_<REMOTE>_<KEY>\` environment variables take the place of the
file's.

Example:

    tclone config dump > remotes.json
`;

const redacted = `Prints the config file, or the section of one remote, with secrets
replaced by XXX: password options and options that the backend marks as
sensitive (keys, tokens, user names and the like). Remotes are printed in
alphabetical order, and a final line reminds you to check the output
before posting it anywhere.

Redaction relies on the backends knowing which options are secret: for a
remote whose type tclone does not know nothing can be hidden, so read the
output before sharing it.

Examples:

    tclone config redacted
    tclone config redacted photos
`;

const OBSCURING = `Password options (those the backend marks as passwords) are stored
obscured (see \`tclone obscure\`). Values can be given in clear: tclone
obscures any value that is not already in obscured form, and keeps one
that is. A clear password that happens to look obscured (a long string of
letters, digits, - and _) would then be stored as it is; --obscure always
obscures, --no-obscure never does. \`tclone config password\` is another
way to set passwords.`;

const STATE_MACHINE = `A script can also hold the config conversation one question at a time.
--non-interactive prints the next question as JSON ({"State", "Option",
"Error", "Result"}) instead of asking it; --continue with --state (the
State printed) and --result (the answer) answers it and prints the next
one, until State is empty. --all asks every option of the backend (the
standard ones, "Edit advanced config?" as config_fs_advanced, then the
advanced ones if the answer was true), as the interactive session does; an
option already set is offered as the default, an empty answer keeps it,
and an answer that does not parse comes back with the reason in Error.
Without --all only a backend's own steps are asked, and no backend built
so far has any (OAuth backends will: their login). Keys starting with
config_ are answers to such questions and are not stored.`;

const create = `Creates a remote called name of the given type, with the options given as
pairs: either "key value" as two arguments or "key=value" as one. Any
existing remote of that name is replaced entirely. The keys are the
option names of the backend (\`tclone help backend <type>\` lists them).

Remote names may contain letters, digits, _, -, ., +, @ and spaces, but
must not start with - or a space, nor end with a space.

${OBSCURING}

When done, the new remote is printed as \`tclone config show\` would print
it, unless --no-output is given.

${STATE_MACHINE}

Examples:

    tclone config create photos local
    tclone config create backup local one_file_system=true links=true
    tclone config create nas local description "NAS mount" --no-output
`;

const update = `Changes options of an existing remote: each pair, "key value" as two
arguments or "key=value" as one, sets that option, and other options are
left as they are. Setting a key to "" stores an empty value, which is not
the same as removing it (for that, use \`tclone config unset\`). The remote
must exist and have a type.

${OBSCURING}

When done, the remote is printed as \`tclone config show\` would print it,
unless --no-output is given.

${STATE_MACHINE}

Examples:

    tclone config update photos copy_links true
    tclone config update photos description="Family photos"
`;

const del = `Removes the named remote from the config file. Nothing is changed, and no
error given, if there is no such remote. The files on the remote are not
touched.

Example:

    tclone config delete photos
`;

const unset = `Removes options from a remote, so that they take their defaults again.
This is not the same as setting them to an empty string with \`tclone
config update\`, which stores the empty value. The type of a remote cannot
be removed: use \`tclone config delete\` to remove the whole remote. The
remote must exist.

Example:

    tclone config unset photos copy_links one_file_system
`;

const touch = `Makes sure the config file exists, creating it (empty) if it does not.
Useful to create the file in the location tclone would use before editing
it by hand; \`tclone config file\` tells where that is.

Example:

    tclone config touch
`;

const password = `Sets password options of an existing remote. The passwords are given in
clear, as "key value" pairs or "key=value" words, and are always stored
obscured. The remote is printed afterwards, as \`tclone config show\` prints
it.

\`tclone config create\` and \`tclone config update\` obscure passwords too,
so this command is rarely needed; it is the way to be sure a value is
obscured whatever it looks like.

Example:

    tclone config password mysftp pass 'correct horse battery staple'
`;

const providers = `Prints, as JSON, every backend with its options: the data the
interactive config session asks from, for programs that build their own
settings screens. The shape is rclone's: for each backend its Name,
Description, Prefix, Options (each with Help, Default, Type, DefaultStr,
Examples, Required, IsPassword, Advanced, …), CommandHelp and
MetadataInfo. \`tclone help backends\` and \`tclone help backend <name>\`
show the same information as text.
`;

const encryption = `Encrypts the config file with a password, removes the encryption, or
checks that it is in place. An encrypted config file can be read by
rclone and tclone alike, given the password: it uses the same format.

The file is encrypted as a whole, with a key made from the password, so
that the options of every remote (including tokens and obscured passwords)
are safe from anyone who can read the file but does not know the password.

${PASSWORD_SOURCES}
`;

const encryptionSet = `Encrypts the config file with a new password, or changes the password if
it is encrypted already. The new password is asked for twice on the
terminal, or taken from the output of --password-command; that command is
run with the environment variable RCLONE_PASSWORD_CHANGE=1 set, so that it
can tell a request for the new password from one for the current password
(needed first to read a file that is already encrypted).

${PASSWORD_SOURCES}

Examples:

    tclone config encryption set
    tclone config encryption set --password-command "pass show rclone"
`;

const encryptionRemove = `Removes the encryption of the config file: the file is read with the
current password and written back as plain text. If it was not encrypted,
nothing happens and no error is given.

${PASSWORD_SOURCES}

Example:

    RCLONE_CONFIG_PASS=secret tclone config encryption remove
`;

const encryptionCheck = `Checks that the config file is encrypted and that it can be decrypted
with the password supplied. It succeeds (exit code 0) only then. If the
file is not encrypted it fails with "config file is NOT encrypted" (exit
code 1). A wrong password from --password-command or RCLONE_CONFIG_PASS
makes it fail; one typed at the terminal is asked for again.

${PASSWORD_SOURCES}

Example:

    tclone config encryption check --password-command "pass show rclone"
`;

export const CONFIG_HELP: Record<string, string> = {
  config,
  "config edit": edit,
  "config file": file,
  "config paths": paths,
  "config show": show,
  "config dump": dump,
  "config redacted": redacted,
  "config create": create,
  "config update": update,
  "config delete": del,
  "config unset": unset,
  "config touch": touch,
  "config password": password,
  "config providers": providers,
  "config encryption": encryption,
  "config encryption set": encryptionSet,
  "config encryption remove": encryptionRemove,
  "config encryption check": encryptionCheck,
};
