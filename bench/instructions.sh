#!/usr/bin/env bash
# Counts the instructions a tclone command executes, per thread, under
# valgrind's callgrind: unlike wall time on a shared machine, the count moves
# only when the work does (about 3% from run to run), so it can judge a change
# of a few percent. Slow (50-100x); for a 10k-file tree, tens of seconds.
#   bash bench/instructions.sh sync /dev/shm/tclone-bench/a /dev/shm/tclone-bench/dst
# Prints the main thread's count and the sum over all threads (V8's compiler
# and GC helpers, libuv's pool, the native helper's I/O thread).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2
  exit 1
fi
[ -f dist/cli.cjs ] || node scripts/build.mjs --js
unset NODE_EXTRA_CA_CERTS
export RCLONE_CONFIG=${RCLONE_CONFIG:-/dev/null}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# V8 writes code at run time: --smc-check makes valgrind notice it.
valgrind --tool=callgrind --smc-check=all-non-file --separate-threads=yes \
  --callgrind-out-file="$out/cg" node bin/tclone.cjs "$@" >/dev/null 2>"$out/log" || {
  echo "instructions.sh: the command failed:" >&2
  grep -v '^==' "$out/log" | tail -5 >&2
  exit 1
}
python3 - "$out" <<'PY'
import glob, sys
counts = []
for f in sorted(glob.glob(sys.argv[1] + "/cg-*")):
    for line in open(f):
        if line.startswith("summary:"):
            counts.append(int(line.split()[1]))
            break
print(f"main thread: {counts[0] / 1e6:.0f}M instructions; all threads: {sum(counts) / 1e6:.0f}M")
PY
