/** Pages of version, obscure, reveal, listremotes and help. */

const version = `Prints the version of tclone and what it runs on: the operating system,
its kernel, the processor architecture and the version of Node.js.

    $ tclone version
    tclone v0.1.0
    - os/type: linux
    - os/kernel: 6.8.0 (x64)
    - os/arch: x64
    - node/version: v20.15.0
    - node/linking: dynamic

--check would compare this version with the latest release; tclone does
not contact any release site, so it only logs a notice saying so. --deps
is accepted for compatibility but prints nothing more yet.
`;

const obscure = `Turns a password into the obscured form that the config file stores for
password options, and prints it. \`tclone reveal\` turns it back. The form
is the one rclone uses, so either program can read what the other wrote.

Obscuring is not encryption: anyone with tclone or rclone can reveal the
password. It only keeps it from being read at a glance. To protect the
config file itself, encrypt it with \`tclone config encryption set\`.

Each run gives a different result for the same password, as a random
value is mixed in; any of them reveals to the same password.

A password on the command line may be seen by other users (in the process
list) and stays in the shell's history. Give - as the argument instead,
and tclone reads the password from the first line of standard input (when
that is not a terminal).

Examples:

    tclone obscure 'correct horse battery staple'
    printf '%s\\n' "$PASSWORD" | tclone obscure -
`;

const reveal = `Prints the clear-text password hidden in an obscured value, as found in
the config file or made by \`tclone obscure\`. A value that is not in the
obscured form makes reveal fail with exit code 1.

Example:

    tclone reveal "$(tclone obscure secret)"
`;

const listremotes = `Lists the remotes that can be used: the sections of the config file that
have a type, and remotes defined by environment variables (a variable
\`RCLONE_CONFIG_<NAME>_TYPE\` defines the remote called name, lower-cased).
Those from the environment come first, then those from the file in file
order; a remote defined in both places is listed once, as from the
environment.

    $ tclone listremotes
    backup:
    photos:

--long adds each remote's type and description in columns. --json prints
an array of objects with the fields name, type, source ("file" or
"environment") and description.

Filtering: the optional argument is a pattern that the name, type, source
or description must match; --name, --type, --source and --description each
give a pattern for that one field. Patterns use the filter syntax (\`*\`, \`?\`,
\`[abc]\`, \`{a,b}\`) and must match the whole field. --order-by sorts by a comma
separated list of fields, each optionally followed by =desc (or =asc),
e.g. --order-by type,name=desc.

Examples:

    tclone listremotes --long
    tclone listremotes --type s3
    tclone listremotes --json 'backup*'
`;

const help = `Prints help. With no arguments it shows the overview of tclone and its
commands; with the name of a command (and subcommand) it shows that
command's page, the same as \`tclone <command> --help\`.

Three subcommands show the rest:

    tclone help flags [regexp]   the global flags, optionally only those
                                 whose names match the regexp
    tclone help backends         the kinds of storage tclone can use
    tclone help backend <name>   the page of one backend, with its options

The same pages are in the docs/ directory of the tclone package.

Examples:

    tclone help sync
    tclone help config create
    tclone help flags bwlimit
`;

const helpFlags = `Lists the global flags: the flags that every command accepts, such as
filters, -v, --dry-run, --transfers and the config file location. Each
line shows the flag, its type if it takes a value, what it does and its
default.

The optional argument is a regular expression; only the flags whose names
match it are listed. Every global flag can also be set with an environment
variable: RCLONE_ followed by the flag name in capitals with - replaced by
_ (for --max-age, RCLONE_MAX_AGE).

The options of each backend are flags too; \`tclone help backend <name>\`
lists them.

Examples:

    tclone help flags
    tclone help flags '^max-'
`;

const helpBackends = `Lists the backends tclone has, one per line: the name used as the type of
a remote in the config file (and on the command line as :name:path), and
a description.

\`tclone help backend <name>\` shows the page of one backend.

Example:

    tclone help backends
`;

const helpBackend = `Shows the page of one backend: what it is, how it behaves, and all of its
options. For each option it gives the command line flag, the key in the
config file, the environment variable, its type and default, and the
values it accepts where there is a fixed list. The name is the backend's
type, as listed by \`tclone help backends\`.

Example:

    tclone help backend local
`;

const authorize = `Logs in to a cloud service that uses OAuth2, in a browser, and prints
the token for a remote that is being set up on another machine, one with
no browser. \`tclone config\` on that machine says when to do this: it
prints the exact command, then asks for what this one prints between
"Paste the following into your remote machine --->" and "<---End paste".

A web server is started on 127.0.0.1:53682 (the address OAuth clients
registered for rclone expect; TCLONE_AUTH_BIND=host:port moves it) and the
browser is sent to the service's login page. After you log in the service
sends the browser back to that server, with a code that tclone exchanges
for the token. The answer must carry the random "state" tclone sent, or it
is refused.

With client_id and client_secret, your own OAuth client is used instead
of the backend's built-in one. --auth-no-open-browser prints the link
instead of opening a browser.

Example:

    tclone authorize "dropbox"
`;

export const MISC_HELP: Record<string, string> = {
  authorize,
  version,
  obscure,
  reveal,
  listremotes,
  help,
  "help flags": helpFlags,
  "help backends": helpBackends,
  "help backend": helpBackend,
};
