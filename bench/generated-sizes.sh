#!/usr/bin/env bash
# What exact sizes of generated files cost: `ls -l` of a js-dir of 1,000 computed files (each stat generates
# its file), and stat + cat of a clock file and of a js file (the stat's generation serves the cat).
# Usage: bench/generated-sizes.sh [runs, default 5]; prints each run and the medians.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
runs=${1:-5}
dir=$(mktemp -d)
cat > "$dir/mount.yaml" <<'YAML'
files:
  time.txt: {kind: clock}
  page.txt:
    kind: js
    source: |
      function read(ctx) { return 'line\n'.repeat(200); }
  rows:
    kind: js-dir
    source: |
      function list(ctx) { return Array.from({ length: 1000 }, (_, i) => `row-${i}.txt`); }
      function read(ctx, name) { return `content of ${name}\n`; }
YAML
"$root/magicfs" mount --log quiet -c "$dir/mount.yaml" "$dir/mnt" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until mountpoint -q "$dir/mnt" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "magicfs mount exited before mounting" >&2; exit 1; }
  sleep 0.01
done
cat "$dir/mnt/page.txt" >/dev/null # the script's first context
us() { date +%s%N | cut -c1-16; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$dir/ls" ; : > "$dir/clock" ; : > "$dir/js"
for run in $(seq "$runs"); do
  t0=$(us); ls -l "$dir/mnt/rows" >/dev/null; t1=$(us)
  for i in $(seq 100); do stat -c %s "$dir/mnt/time.txt" >/dev/null; cat "$dir/mnt/time.txt" >/dev/null; done; t2=$(us)
  for i in $(seq 100); do stat -c %s "$dir/mnt/page.txt" >/dev/null; cat "$dir/mnt/page.txt" >/dev/null; done; t3=$(us)
  echo "run $run: ls -l of 1,000 js-dir files $(((t1 - t0) / 1000)) ms; stat+cat clock $(((t2 - t1) / 100)) µs; stat+cat js $(((t3 - t2) / 100)) µs"
  echo $(((t1 - t0) / 1000)) >> "$dir/ls"; echo $(((t2 - t1) / 100)) >> "$dir/clock"; echo $(((t3 - t2) / 100)) >> "$dir/js"
done
echo "medians: ls -l $(median < "$dir/ls") ms; stat+cat clock $(median < "$dir/clock") µs; stat+cat js $(median < "$dir/js") µs (two process starts each)"
