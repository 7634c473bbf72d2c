#!/usr/bin/env bash
# magicfs with 100,000 files in 1,000 directories: check time, time to a mounted and listable root, heap
# per inode, exact counts from ls -R and find, and readdir of a 90-entry and a 10,090-entry directory
# (999 directories of 90 files, one of 10,090).
# Usage (as root, after scripts/setup-debian.sh): bench/scale.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
magicfs_find_java jdk # jcmd, for the heap
[ "$(id -u)" -eq 0 ] || { echo "bench/scale.sh mounts FUSE file systems and pins CPUs: run it as root" >&2; exit 1; }
work=$(mktemp -d /tmp/magicfs-scale.XXXXXX)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  fusermount -u -z "$work/mnt" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }

gcc -O2 -Wall -o "$work/driver" "$root/bench/c/driver.c"
"$root/magicfs" --version >/dev/null # builds magicfs if needed

awk 'BEGIN {
  print "name: scale"; print "files:"
  for (d = 0; d < 1000; d++) {
    n = d == 999 ? 10090 : 90
    for (f = 0; f < n; f++) printf "  d%03d/f%05d: {kind: static, text: \"file %d of d%03d\\n\"}\n", d, f, f, d
  }
}' >"$work/scale.yaml"
printf 'name: one\nfiles:\n  one.txt: {kind: static, text: "one\\n"}\n' >"$work/one.yaml"

start=$(ms)
"$root/magicfs" check -c "$work/scale.yaml" >/dev/null
check_ms=$(($(ms) - start))

# Mounts $1 at $work/mnt; sets pid and mount_ms (start to a root that answers readdir).
mount_it() {
  mkdir -p "$work/mnt"
  local start
  start=$(ms)
  "$root/magicfs" mount -c "$1" --log quiet "$work/mnt" >"$work/mount.log" 2>&1 &
  pid=$!
  until mountpoint -q "$work/mnt" && ls "$work/mnt" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/mount.log" >&2; exit 1; }
    sleep 0.01
  done
  mount_ms=$(($(ms) - start))
}
unmount_it() {
  fusermount -u "$work/mnt"
  wait "$pid" || true
  pid=""
}
heap_used_kib() { # after a full GC
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | sed -n 's/.*total reserved.*used \([0-9]*\)K.*/\1/p' | head -n1
}

mount_it "$work/one.yaml"
base_kib=$(heap_used_kib)
unmount_it

mount_it "$work/scale.yaml"
scale_kib=$(heap_used_kib)
start=$(ms); ls_lines=$(ls -R "$work/mnt" | wc -l); ls_ms=$(($(ms) - start))
start=$(ms); find_files=$(find "$work/mnt" -type f | wc -l); find_ms=$(($(ms) - start))
taskset -a -p -c 0 "$pid" >/dev/null # magicfs and the driver on one CPU, as in bench/run.sh
small=$(taskset -c 0 "$work/driver" readdir "$work/mnt/d000" 2)
large=$(taskset -c 0 "$work/driver" readdir "$work/mnt/d999" 2)
unmount_it

inodes=$((100000 + 1000 + 1))
# ls -R prints, per directory, a header, its entries and a blank line (none after the last)
expected_ls=$((1 + 1000 + 1 + 1000 * 2 - 1 + 100000))
per_entry() { awk -v ops="$1" -v n="$2" 'BEGIN { printf "%.0f", 1e9 / ops / n }'; }
echo "magicfs at scale: 100,000 static files in 1,000 directories; $(nproc) CPUs, kernel $(uname -r)"
echo
echo "| measure | result |"
echo "|---|---|"
echo "| magicfs check | ${check_ms} ms |"
echo "| mount, until the root lists | ${mount_ms} ms |"
echo "| heap per inode (after GC, minus a one-file mount) | $(( (scale_kib - base_kib) * 1024 / inodes )) bytes |"
echo "| ls -R \| wc -l | ${ls_lines} lines (expected ${expected_ls}), ${ls_ms} ms |"
echo "| find -type f \| wc -l | ${find_files} (expected 100000), ${find_ms} ms |"
echo "| readdir of 92 entries (pinned) | ${small}/s, $(per_entry "$small" 92) ns an entry |"
echo "| readdir of 10,092 entries (pinned) | ${large}/s, $(per_entry "$large" 10092) ns an entry |"
[ "$find_files" -eq 100000 ] && [ "$ls_lines" -eq "$expected_ls" ] || { echo "counts are wrong" >&2; exit 1; }
