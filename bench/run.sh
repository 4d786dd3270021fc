#!/usr/bin/env bash
# Benchmarks tclone against rclone (and rsync -a) on the same trees, on tmpfs.
#   (a) first sync of 10,000 files of 4 KiB plus five of 50 MiB, local to local
#   (b) the no-op re-sync of the same tree
#   (c) no-op re-sync of trees of empty files (50k, 100k, 200k in folders of 100): peak memory
#   (d) start-up: `tclone version` against a bare `node -e 0`
# Prints medians, ratios and peak RSS. RUNS (default 5) sets the repetitions.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${BENCH_DIR:-/dev/shm/tclone-bench}
RUNS=${RUNS:-5}
export RUNS
# These machines set NODE_EXTRA_CA_CERTS, which costs every Node start ~85 ms; a user's machine doesn't.
unset NODE_EXTRA_CA_CERTS
export RCLONE_CONFIG=/dev/null
TCLONE="node $PWD/bin/tclone.cjs"
[ -f dist/cli.cjs ] || node scripts/build.mjs --js
mkdir -p "$ROOT"

measure() { python3 bench/measure.py "$@"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$1" "$2"; }
row() { printf '%-34s %9s s  %8s MiB\n' "$1" "$(printf '%.3f' "$(field "$2" median_s)")" "$(printf '%.0f' "$(field "$2" peak_rss_mib)")"; }

if [ ! -d "$ROOT/a/big" ]; then
  echo "generating tree (a) in $ROOT/a ..."
  node bench/gen.mjs small "$ROOT/a"
fi
echo "== (a) first sync: 10,000 x 4 KiB + 5 x 50 MiB, tmpfs to tmpfs ($RUNS runs, median)"
# The three tools take turns, run after run, so that the machine's drift is shared.
both=$(PREPARE="rm -rf $ROOT/dst" measure $TCLONE sync "$ROOT/a" "$ROOT/dst" :: rclone sync "$ROOT/a" "$ROOT/dst" :: rsync -a "$ROOT/a/" "$ROOT/dst/")
ta=$(sed -n 1p <<<"$both"); ra=$(sed -n 2p <<<"$both"); sa=$(sed -n 3p <<<"$both")
row "tclone sync" "$ta"; row "rclone sync" "$ra"; row "rsync -a" "$sa"
echo "ratio tclone/rclone: $(ratio "$(field "$ta" median_s)" "$(field "$ra" median_s)")   tclone/rsync: $(ratio "$(field "$ta" median_s)" "$(field "$sa" median_s)")"

echo "== (b) no-op re-sync of the same tree ($((RUNS * 3)) runs, median)"
rm -rf "$ROOT/dst" && rclone sync "$ROOT/a" "$ROOT/dst"
# A no-op is short and noisy: three times the runs.
both=$(RUNS=$((RUNS * 3)) measure $TCLONE sync "$ROOT/a" "$ROOT/dst" :: rclone sync "$ROOT/a" "$ROOT/dst" :: rsync -a "$ROOT/a/" "$ROOT/dst/")
tb=$(sed -n 1p <<<"$both"); rb=$(sed -n 2p <<<"$both"); sb=$(sed -n 3p <<<"$both")
row "tclone sync (no-op)" "$tb"; row "rclone sync (no-op)" "$rb"; row "rsync -a (no-op)" "$sb"
echo "ratio tclone/rclone: $(ratio "$(field "$tb" median_s)" "$(field "$rb" median_s)")"
rm -rf "$ROOT/dst"

echo "== (c) no-op re-sync of empty-file trees: peak memory as the tree grows"
for n in ${SIZES:-50000 100000 200000}; do
  src="$ROOT/c$n"
  if [ ! -d "$src" ]; then node bench/gen.mjs empty "$src" "$n"; fi
  if [ ! -d "$src.dst" ]; then rclone sync "$src" "$src.dst"; fi
  tc=$(RUNS=1 measure $TCLONE sync "$src" "$src.dst")
  rc=$(RUNS=1 measure rclone sync "$src" "$src.dst")
  row "tclone no-op, $n files" "$tc"; row "rclone no-op, $n files" "$rc"
done

echo "== (d) start-up"
td=$(RUNS=20 measure $TCLONE version)
nd=$(RUNS=20 measure node -e 0)
row "tclone version" "$td"; row "node -e 0" "$nd"
python3 -c "import sys; print(f'tclone version - node -e 0: {(float(sys.argv[1])-float(sys.argv[2]))*1000:.1f} ms')" "$(field "$td" median_s)" "$(field "$nd" median_s)"
