#!/usr/bin/env bash
# kind: bucket with one folder of COUNT objects (default 1,000,000): `ls` of it streamed (listing_limit at its
# default, 100,000) and held whole (listing_limit above COUNT), against one paged SDK listing. Prints the time
# of each listing and the mount's memory: peak resident set and the heap still in use after a full GC, while
# the kernel still knows the names `ls` looked at. The service is bench/bucket/many_names.py, a stand-in that
# makes the names up as they are listed: S3Proxy re-reads a folder for every page, so a folder this large
# takes it hours. The stand-in runs on one CPU, magicfs and the SDK on the other.
#
# Usage (as root, after mvn install): bench/bucket-large.sh [COUNT]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
count=${1:-1000000}
. "$root/scripts/java-home.sh"
magicfs_find_java jdk # the SDK baseline runs as a source file, and jcmd comes with the JDK
java=$JAVA_HOME/bin/java
. "$root/bench/lib.sh"
bucket_bench_start bucket-large
taskset -c 1 python3 "$root/bench/bucket/many_names.py" "$port" bench "$count" &
pids+=($!)
until curl -s -o /dev/null "$endpoint"; do sleep 0.1; done
ms() { echo $(( $(date +%s%N) / 1000000 )); }

sdk_list=$(taskset -c 0 "$java" -cp "$root/plugins/magicfs-bucket.jar:$root/host/target/lib/*" "$root/bench/bucket/SdkBaseline.java" \
  "$endpoint" bench list many/ | sed 's/.* in \([0-9]*\) ms/\1/')
printf '%-42s %10s %8s %14s %16s\n' "ls of $count objects" "ms" "names" "peak RSS MiB" "heap in use MiB"
printf '%-42s %10s %8s %14s %16s\n' "SDK, one paged listing" "$sdk_list" "$count" "" ""

# listing LABEL LIMIT: mounts with listing_limit LIMIT, lists the folder, prints one row and unmounts.
listing() {
  mkdir -p "$work/m"
  cat >"$work/mount.yaml" <<YAML
files:
  b:
    kind: bucket
    url: s3://bench/
    endpoint: $endpoint
    credentials: env
    cache: $work/cache
    refresh: 1h
    listing_limit: $2
YAML
  MAGICFS_JAVA_OPTS=-Xmx4g taskset -c 0 "$root/magicfs" mount -c "$work/mount.yaml" --log quiet "$work/m" &
  local pid=$!
  pids+=($pid)
  wait_mounted "$work/m" "$pid"
  local t0 names t1 heap
  t0=$(ms)
  names=$(taskset -c 0 ls -f "$work/m/b/many" | grep -c '^o')
  t1=$(ms)
  [ "$(stat -c %s "$work/m/b/many/o$(printf %07d $((count - 1)))")" = 1 ] || { echo "the last object is not there" >&2; exit 1; }
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
  # The generations' lines (serial: DefNew and Tenured; G1: one line) each say "used NK".
  heap=$("$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | awk '/^[A-Za-z]/ { for (i = 1; i < NF; i++) if ($i == "used") s += $(i + 1) } END { print s + 0 }')
  printf '%-42s %10s %8s %14s %16s\n' "$1" "$((t1 - t0))" "$names" \
    "$(( $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") / 1024 ))" "$((heap / 1024))"
  umount "$work/m"
  wait "$pid" || true
}
listing "magicfs, streamed (listing_limit 100000)" 100000
listing "magicfs, held whole" $((count + 1))
