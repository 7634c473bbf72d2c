#!/usr/bin/env bash
# Time to the first read of a js file: mounts the default mount.yaml, then times the mount itself, the first
# `cat greeting.txt`, the next read, and the first read of another js file; once reading as soon as the mount
# is there, once after letting it settle for 2 s (the JVM compiles its start-up code, and the js plugin warms
# the engine up, in the background a second after the mount serves).
# Usage: bench/js-first-read.sh [runs, default 3]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
runs=${1:-3}
ms() { date +%s%N | cut -c1-13; }
"$root/magicfs" check >/dev/null # builds magicfs if needed, and records the default scripts as checked
for run in $(seq "$runs"); do
  for settle in 0 2; do
    dir=$(mktemp -d)
    start=$(ms)
    "$root/magicfs" mount --log quiet "$dir/mnt" &
    pid=$!
    until mountpoint -q "$dir/mnt" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "magicfs mount exited before mounting" >&2; exit 1; }
      sleep 0.01
    done
    mounted=$(ms)
    sleep "$settle"
    before=$(ms)
    cat "$dir/mnt/greeting.txt" >/dev/null
    first=$(ms)
    cat "$dir/mnt/greeting.txt" >/dev/null
    second=$(ms)
    cat "$dir/mnt/settings.json" >/dev/null
    other=$(ms)
    echo "run $run, read ${settle} s after mounting: mount $((mounted - start)) ms, first js read $((first - before)) ms, second $((second - first)) ms, first read of another js file $((other - second)) ms"
    kill -TERM "$pid"
    wait "$pid" || true
    rmdir "$dir/mnt" "$dir" 2>/dev/null || true
  done
done
