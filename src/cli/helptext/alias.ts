/** The page of the alias backend (its options are generated from the registration). */

export const ALIAS_HELP = `An alias gives a short name to another remote's path, or to a local
directory, so that it can be used like a remote of its own:

    [photos]
    type = alias
    remote = backup:archive/photos

With that, \`tclone ls photos:2024\` lists backup:archive/photos/2024.
The path after the alias's colon is joined onto its target's, and the
alias adds nothing else: listings, hashes, modification times and errors
are the target's. The target may be any remote, another alias, or a
local path such as /mnt/data.

An alias can also be given on the command line as a connection string:
:alias,remote=/mnt/data:sub is /mnt/data/sub.

An alias that points at itself (remote = photos:...) is refused, as is one
with no target. A chain of aliases that leads back to one it started from
is refused too, naming the chain.
`;
