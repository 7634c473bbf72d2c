#!/usr/bin/env bash
# magicfs against C libfuse low-level file systems (bench/c/reffs.c, built on libfuse 2 and on libfuse 3) and
# tmpfs, on the same tree: a 4 KiB file, a 64 MiB file, a directory of 1,000 files, plus a clock and a js file
# for magicfs. Then what magicfs's own protocol code adds: 4 MiB reads of a direct_io file, ls -l of 10,000
# files with a count of LOOKUPs, and a passthrough file against its backing file.
# Every file system and the driver (bench/c/driver.c) run pinned to one CPU: across CPUs a wake-up costs
# ~100 µs on a small VM, and unpinned runs swing by several times. Prints a table of medians.
#
# Usage (as root, after scripts/setup-debian.sh): bench/run.sh [seconds per measurement, default 2] [runs, default 3]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
seconds=${1:-2}
runs=${2:-3}
cpu=${BENCH_CPU:-0}
pin=(taskset -c "$cpu")
[ "$(id -u)" -eq 0 ] || { echo "bench/run.sh mounts tmpfs and FUSE file systems: run it as root" >&2; exit 1; }
pkg-config --exists fuse fuse3 || { echo "bench/run.sh builds its C peers on libfuse 2 and 3: apt-get install libfuse-dev libfuse3-dev" >&2; exit 1; }
for tool in gcc taskset pkg-config; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool: run scripts/setup-debian.sh" >&2; exit 1; }
done

work=$(mktemp -d /tmp/magicfs-bench.XXXXXX)
mounted=()
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "building the driver and the C reference..." >&2
gcc -O2 -Wall -o "$work/driver" "$root/bench/c/driver.c"
gcc -O2 -Wall -o "$work/reffs" "$root/bench/c/reffs.c" $(pkg-config --cflags --libs fuse)
gcc -O2 -Wall -DFUSE_USE_VERSION=35 -o "$work/reffs3" "$root/bench/c/reffs.c" $(pkg-config --cflags --libs fuse3)
. "$root/bench/lib.sh"
go_build reffs
"$root/magicfs" --version >/dev/null # builds magicfs if needed

# The tree, as files for tmpfs and magicfs' static kind. reffs makes the same sizes in memory.
data=$work/data
mkdir -p "$data/dir"
awk 'BEGIN { for (i = 0; i < 4096; i++) printf (i % 64 == 63 ? "\n" : sprintf("%c", 97 + i % 26)) }' >"$data/small.txt"
head -c $((64 << 20)) /dev/urandom >"$data/big.bin"
for i in $(seq -f %04g 0 999); do printf 'child file\n' >"$data/dir/f$i"; done
head -c $((1 << 30)) /dev/zero | tr '\0' 'x' >"$data/huge.bin" # 1 GiB, for 4 MiB reads

# magicfs' mount.yaml, with the cache settings given as "extra" keys on every file.
mount_yaml() { # FILE EXTRA
  {
    echo "name: bench"
    echo "files:"
    echo "  small.txt: {kind: static, file: data/small.txt$2}"
    echo "  big.bin: {kind: static, file: data/big.bin$2}"
    for i in $(seq -f %04g 0 999); do echo "  dir/f$i: {kind: static, text: \"child file\\n\"$2}"; done
    echo "  clock.txt: {kind: clock$2}"
    echo "  js.txt: {kind: js, source: \"function read(ctx) { return 'hello from js\\\\n'; }\"$2}"
  } >"$1"
}
every_request=", ttl: 0, direct_io: true, keep_cache: false"
mount_yaml "$work/every-request.yaml" "$every_request"
mount_yaml "$work/defaults.yaml" ""
{ # magicfs alone: a 1 GiB direct_io file, 10,000 files to list, the 64 MiB file passed through
  echo "files:"
  echo "  huge.bin: {kind: static, file: data/huge.bin, direct_io: true}"
  echo "  big.bin: {kind: static, file: data/big.bin}"
  for i in $(seq -f %05g 0 9999); do echo "  many/f$i: {kind: static, text: \"$i\\n\"}"; done
} >"$work/protocol.yaml"

start_fs() { # NAME COMMAND...: mounts at $work/NAME, pinned
  local dir=$work/$1
  shift
  mkdir -p "$dir"
  "${pin[@]}" "$@" >"$dir.log" 2>&1 &
  pids+=($!)
  mounted+=("$dir")
  wait_mounted "$dir" $!
}
stop_fs() { # NAME
  umount "$work/$1"
  wait "${pids[-1]}" 2>/dev/null || true
}

declare -A result
# measure KEY OP PATH: the median of $runs runs, after one unmeasured warm-up run
measure() {
  local values=() run
  "${pin[@]}" "$work/driver" "$2" "$3" 1 >/dev/null
  for run in $(seq 1 "$runs"); do values+=("$("${pin[@]}" "$work/driver" "$2" "$3" "$seconds")"); done
  result[$1]=$(printf '%s\n' "${values[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "  $1: ${values[*]} -> ${result[$1]}" >&2
}
# server_cpu KEY PATH: the CPU time the file system last started spends per stat of PATH (µs), over one run
server_cpu() {
  local pid=${pids[-1]} before after rate
  before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  rate=$("${pin[@]}" "$work/driver" stat "$2" "$seconds")
  after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  result[$1]=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v r="$rate" -v s="$seconds" 'BEGIN { printf "%.1f", t / hz / (r * s) * 1e6 }')
  echo "  $1: ${result[$1]} µs" >&2
}
measure_tree() { # PREFIX DIR
  measure "$1.stat" stat "$2/small.txt"
  measure "$1.open" open-read "$2/small.txt"
  measure "$1.seq" seq-read "$2/big.bin"
  measure "$1.readdir" readdir "$2"
  measure "$1.readdir1000" readdir "$2/dir"
}

echo "tmpfs" >&2
mkdir -p "$work/tmpfs"
mount -t tmpfs -o size=80m tmpfs "$work/tmpfs"
mounted+=("$work/tmpfs")
cp -r "$data/small.txt" "$data/big.bin" "$data/dir" "$work/tmpfs/"
measure_tree tmpfs "$work/tmpfs"
umount "$work/tmpfs"

echo "C reference, every request reaches it (ttl 0, direct_io)" >&2
start_fs c-every "$work/reffs" "$work/c-every" 0 1 0
measure_tree c-every "$work/c-every"
stop_fs c-every
echo "C reference, one thread, every request (ttl 0, direct_io)" >&2
start_fs c-one "$work/reffs" "$work/c-one" 0 1 0 single
measure_tree c-one "$work/c-one"
server_cpu c-one.cpu "$work/c-one/small.txt"
measure c-one.seq4m seq-read-4m "$work/c-one/big.bin"
stop_fs c-one
echo "C reference, cached (ttl 1s, keep_cache)" >&2
start_fs c-cached "$work/reffs" "$work/c-cached" 1 0 1
measure_tree c-cached "$work/c-cached"
stop_fs c-cached

echo "C on libfuse 3, one thread, every request (ttl 0, direct_io)" >&2
start_fs c3-one "$work/reffs3" "$work/c3-one" 0 1 0 single
measure_tree c3-one "$work/c3-one"
server_cpu c3-one.cpu "$work/c3-one/small.txt"
measure c3-one.seq4m seq-read-4m "$work/c3-one/big.bin"
stop_fs c3-one

if [ -x "$work/reffs-go" ]; then
  echo "go-fuse, GOMAXPROCS=1, every request (timeouts 0, direct_io)" >&2
  start_fs go-one env GOMAXPROCS=1 "$work/reffs-go" "$work/go-one"
  measure_tree go-one "$work/go-one"
server_cpu go-one.cpu "$work/go-one/small.txt"
  stop_fs go-one
fi
if /usr/bin/python3 -c 'import pyfuse3' 2>/dev/null; then
  echo "pyfuse3, every request (timeouts 0, direct_io)" >&2
  start_fs py-one /usr/bin/python3 "$root/bench/py/reffs.py" "$work/py-one"
  measure_tree py-one "$work/py-one"
server_cpu py-one.cpu "$work/py-one/small.txt"
  stop_fs py-one
fi

echo "magicfs, every request reaches it (ttl 0, direct_io)" >&2
start_fs m-every "$root/magicfs" mount -c "$work/every-request.yaml" --log quiet "$work/m-every"
measure_tree m-every "$work/m-every"
server_cpu m-every.cpu "$work/m-every/small.txt"
measure m-every.clock open-read "$work/m-every/clock.txt"
measure m-every.js open-read "$work/m-every/js.txt"
stop_fs m-every
echo "magicfs: 4 MiB reads of a 1 GiB direct_io file, ls -l of 10,000 files, a passthrough file" >&2
start_fs m-protocol "$root/magicfs" mount -c "$work/protocol.yaml" --log info "$work/m-protocol"
measure m-every.seq4m seq-read-4m "$work/m-protocol/huge.bin"
read_sizes=$(grep -o 'READ huge.bin (ino=[0-9]*) offset=[0-9]* size=[0-9]*' "$work/m-protocol.log" | sed 's/.*size=//' | sort -n | uniq -c | sort -rn | head -1)
started_ls=$(date +%s%N)
ls -l "$work/m-protocol/many" >/dev/null
ls_ms=$(( ($(date +%s%N) - started_ls) / 1000000 ))
lookups=$(grep -c '\] LOOKUP many/' "$work/m-protocol.log" || true)
measure passthrough.seq seq-read "$work/m-protocol/big.bin"
measure backing.seq seq-read "$data/big.bin"
passthrough_reads=$(grep -c '\] READ big.bin' "$work/m-protocol.log" || true)
stop_fs m-protocol

echo "magicfs, each kind's defaults (static: ttl 1s, keep_cache)" >&2
start_fs m-cached "$root/magicfs" mount -c "$work/defaults.yaml" --log quiet "$work/m-cached"
measure_tree m-cached "$work/m-cached"
stop_fs m-cached

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / b }'; }
row() { # LABEL KEY: one line of the every-request table
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "${result[tmpfs.$2]:-}" "${result[c3-one.$2]:-}" \
    "${result[c-one.$2]:-}" "${result[c-every.$2]:-}" "${result[go-one.$2]:-}" "${result[py-one.$2]:-}" "${result[m-every.$2]:-}" \
    "$(ratio "${result[m-every.$2]:-0}" "${result[c3-one.$2]:-0}")" "$(ratio "${result[m-every.$2]:-0}" "${result[c-one.$2]:-0}")" \
    "$(ratio "${result[m-every.$2]:-0}" "${result[c-every.$2]:-0}")" \
    "$(ratio "${result[m-every.$2]:-0}" "${result[go-one.$2]:-0}")" "$(ratio "${result[m-every.$2]:-0}" "${result[py-one.$2]:-0}")"
}
cached_row() {
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "${result[tmpfs.$2]}" "${result[c-cached.$2]}" \
    "${result[m-cached.$2]}" "$(ratio "${result[m-cached.$2]}" "${result[c-cached.$2]}")" \
    "$(ratio "${result[m-cached.$2]}" "${result[tmpfs.$2]}")"
}
echo
echo "magicfs benchmark: $(nproc) CPUs ($(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -n1)), kernel $(uname -r),"
echo "all pinned to CPU $cpu; median of $runs runs of ${seconds} s each. C = bench/c/reffs.c on libfuse $(pkg-config --modversion fuse3) and $(pkg-config --modversion fuse)."
echo
echo "Every request reaches the file system (ttl 0, direct_io; tmpfs for scale). Operations per second; seq-read in MB/s."
echo
echo "| operation | tmpfs | C libfuse 3, 1 thread | C libfuse 2, 1 thread | C libfuse 2, worker threads | go-fuse, 1 proc | pyfuse3 | magicfs | magicfs / C3 | magicfs / C2 | magicfs / C2 threads | magicfs / go | magicfs / py |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
row "stat" stat
row "open + read 4 KiB + close" open
row "sequential 128 KiB reads (MB/s)" seq
row "sequential 4 MiB reads (MB/s; magicfs: a 1 GiB file)" seq4m
row "readdir of the root (3 entries)" readdir
row "readdir of 1,000 entries" readdir1000
row "server CPU per stat (µs; lower is better)" cpu
printf '| %s | | | | | | | %s | %s of static | | | | |\n' "clock: open + read + close" "${result[m-every.clock]}" "$(ratio "${result[m-every.clock]}" "${result[m-every.open]}")"
printf '| %s | | | | | | | %s | %s of static | | | | |\n' "js: open + read + close" "${result[m-every.js]}" "$(ratio "${result[m-every.js]}" "${result[m-every.open]}")"
echo
echo "magicfs's protocol: 4 MiB reads of the direct_io file came as READs of (count, size): $read_sizes."
echo "ls -l of 10,000 files: $ls_ms ms, $lookups LOOKUPs. Passthrough of the 64 MiB static file:"
echo "$(ratio "${result[passthrough.seq]}" "${result[backing.seq]}") of reading its backing file (${result[passthrough.seq]} against ${result[backing.seq]} MB/s), with $passthrough_reads READs reaching magicfs."
echo
echo "Each file's normal settings (C: ttl 1 s, keep_cache; magicfs static: its kind's defaults, the same)."
echo
echo "| operation | tmpfs | C | magicfs | magicfs / C | magicfs / tmpfs |"
echo "|---|---|---|---|---|---|"
cached_row "stat" stat
cached_row "open + read 4 KiB + close" open
cached_row "sequential 128 KiB reads (MB/s)" seq
cached_row "readdir of the root" readdir
cached_row "readdir of 1,000 entries" readdir1000
