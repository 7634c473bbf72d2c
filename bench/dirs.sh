#!/usr/bin/env bash
# writable-dir, in memory and persisted, against tmpfs, a folder on the local disk, and go-fuse's loopback
# file system over such a folder (fs.NewLoopbackRoot, from Debian's golang-github-hanwen-go-fuse-dev):
# tar x of 10,000 small files, create + write 4 KiB + close per second, rename per second, a sequential
# write and read of 1 GiB (dd bs=1M), and git status in a checkout of 5,000 files. Every file system and
# every tool run pinned to one CPU, as in bench/run.sh. Prints one table.
#
# Usage (as root, after scripts/setup-debian.sh and the optional go peer's packages):
#   bench/dirs.sh [seconds per rate, default 2]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
seconds=${1:-2}
cpu=${BENCH_CPU:-0}
pin=(taskset -c "$cpu")
[ "$(id -u)" -eq 0 ] || { echo "bench/dirs.sh mounts file systems: run it as root" >&2; exit 1; }
for tool in gcc taskset git tar dd; do
  command -v "$tool" >/dev/null || { echo "bench/dirs.sh needs $tool" >&2; exit 1; }
done

work=$(mktemp -d /var/tmp/magicfs-dirs.XXXXXX) # on the local disk: /tmp may be a tmpfs elsewhere
mounted=()
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

gcc -O2 -Wall -o "$work/driver" "$root/bench/c/driver.c"
. "$root/bench/lib.sh"
go_build loopback
"$root/magicfs" --version >/dev/null # builds magicfs if needed

# The inputs: an archive of 10,000 files of 1 KiB in 100 folders, and a git repository of 5,000 files.
mkdir -p "$work/src/tree" "$work/src/repo"
for d in $(seq 1 100); do
  mkdir "$work/src/tree/d$d"
  for f in $(seq 1 100); do head -c 1024 /dev/urandom >"$work/src/tree/d$d/f$f"; done
done
tar -C "$work/src/tree" -cf "$work/tree.tar" .
(cd "$work/src/repo" && git init -q . && for d in $(seq 1 50); do mkdir "d$d"; for f in $(seq 1 100); do echo "$d $f" >"d$d/f$f"; done; done \
  && git add . && git -c user.name=b -c user.email=b@example.com commit -qm tree)
tar -C "$work/src/repo" -cf "$work/repo.tar" .

start() { # DIR COMMAND...: a FUSE file system mounted at DIR, pinned
  local dir=$1
  shift
  mkdir -p "$dir"
  "${pin[@]}" "$@" >"$dir.log" 2>&1 &
  pids+=($!)
  mounted+=("$dir")
  wait_mounted "$dir" $!
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }

declare -A result
measure() { # NAME FOLDER: every figure for one folder of one file system
  local name=$1 at=$2 t
  mkdir -p "$at/tarx" "$at/create" "$at/rename"
  t=$(ms); "${pin[@]}" tar -C "$at/tarx" -xf "$work/tree.tar"; result[$name.tar]=$(( $(ms) - t ))
  result[$name.create]=$("${pin[@]}" "$work/driver" create "$at/create" "$seconds")
  touch "$at/rename/a"
  result[$name.rename]=$("${pin[@]}" "$work/driver" rename "$at/rename" "$seconds")
  t=$(ms); "${pin[@]}" dd if=/dev/zero of="$at/big" bs=1M count=1024 status=none; result[$name.write]=$(( 1024 * 1000 / ($(ms) - t + 1) ))
  t=$(ms); "${pin[@]}" dd if="$at/big" of=/dev/null bs=1M status=none; result[$name.read]=$(( 1024 * 1000 / ($(ms) - t + 1) ))
  mkdir -p "$at/repo" && tar -C "$at/repo" -xf "$work/repo.tar"
  (cd "$at/repo" && "${pin[@]}" git status --porcelain >/dev/null) # warms the index
  local runs=() i
  for i in 1 2 3; do t=$(ms); (cd "$at/repo" && "${pin[@]}" git status --porcelain >/dev/null); runs+=($(( $(ms) - t ))); done
  result[$name.git]=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
  rm -rf "$at/tarx" "$at/create" "$at/rename" "$at/big" "$at/repo"
  echo "  $name: tar ${result[$name.tar]} ms, create ${result[$name.create]}/s, rename ${result[$name.rename]}/s," \
    "write ${result[$name.write]} MB/s, read ${result[$name.read]} MB/s, git status ${result[$name.git]} ms" >&2
}

echo "tmpfs" >&2
mkdir -p "$work/tmpfs" && mount -t tmpfs -o size=3g tmpfs "$work/tmpfs" && mounted+=("$work/tmpfs")
measure tmpfs "$work/tmpfs"
umount "$work/tmpfs"
echo "the local disk's folder" >&2
mkdir -p "$work/disk"
measure disk "$work/disk"
names=(tmpfs disk)
if [ -x "$work/loopback-go" ]; then
  echo "go-fuse loopback over a folder of the local disk" >&2
  mkdir -p "$work/go-backing"
  start "$work/go-mnt" env GOMAXPROCS=1 "$work/loopback-go" "$work/go-backing" "$work/go-mnt"
  measure go "$work/go-mnt"
  umount "$work/go-mnt"
  names+=(go)
fi
printf 'memory_limit: 3GiB\nfiles:\n  scratch: {kind: writable-dir, max_size: 2GiB}\n  box: {kind: writable-dir, persist: store}\n' >"$work/mount.yaml"
echo "magicfs writable-dir" >&2
start "$work/m" "$root/magicfs" mount -c "$work/mount.yaml" --log quiet "$work/m"
measure mem "$work/m/scratch"
measure kept "$work/m/box"
umount "$work/m"
names+=(mem kept)

label() { case $1 in tmpfs) echo tmpfs;; disk) echo "local disk folder";; go) echo "go-fuse loopback";; mem) echo "magicfs in memory";; kept) echo "magicfs persisted";; esac; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / b }'; }
echo
echo "writable-dir benchmark: $(nproc) CPUs, kernel $(uname -r), all pinned to CPU $cpu; rates over ${seconds} s."
echo
echo "| | tar x 10,000 files (ms) | create + 4 KiB + close /s | rename /s | write 1 GiB (MB/s) | read 1 GiB (MB/s) | git status, 5,000 files (ms) |"
echo "|---|---|---|---|---|---|---|"
for n in "${names[@]}"; do
  echo "| $(label "$n") | ${result[$n.tar]} | ${result[$n.create]} | ${result[$n.rename]} | ${result[$n.write]} | ${result[$n.read]} | ${result[$n.git]} |"
done
if [ -n "${result[go.tar]:-}" ]; then
  echo
  echo "magicfs persisted / go-fuse loopback: tar x $(ratio "${result[go.tar]}" "${result[kept.tar]}") (time, inverted)," \
    "create $(ratio "${result[kept.create]}" "${result[go.create]}"), rename $(ratio "${result[kept.rename]}" "${result[go.rename]}")," \
    "git status $(ratio "${result[go.git]}" "${result[kept.git]}") (time, inverted)."
fi
echo "magicfs persisted / the local disk's folder: write $(ratio "${result[kept.write]}" "${result[disk.write]}"), read $(ratio "${result[kept.read]}" "${result[disk.read]}")."
