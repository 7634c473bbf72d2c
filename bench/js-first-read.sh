#!/usr/bin/env bash
# Time to the first read of a js file: mounts the default mount.yaml, then times the mount itself, the first
# `cat greeting.txt` (the context that check-time loading left warm), and the next reads.
# Usage: bench/js-first-read.sh [runs, default 3]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
runs=${1:-3}
ms() { date +%s%N | cut -c1-13; }
for run in $(seq "$runs"); do
  dir=$(mktemp -d)
  start=$(ms)
  "$root/magicfs" mount --log quiet "$dir/mnt" &
  pid=$!
  until mountpoint -q "$dir/mnt" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "magicfs mount exited before mounting" >&2; exit 1; }
    sleep 0.01
  done
  mounted=$(ms)
  cat "$dir/mnt/greeting.txt" >/dev/null
  first=$(ms)
  cat "$dir/mnt/greeting.txt" >/dev/null
  second=$(ms)
  cat "$dir/mnt/settings.json" >/dev/null
  other=$(ms)
  echo "run $run: mount $((mounted - start)) ms, first js read $((first - mounted)) ms, second $((second - first)) ms, first read of another js file $((other - second)) ms"
  kill -TERM "$pid"
  wait "$pid" || true
  rmdir "$dir/mnt" "$dir" 2>/dev/null || true
done
