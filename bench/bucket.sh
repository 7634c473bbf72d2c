#!/usr/bin/env bash
# kind: bucket against the same bucket read and written with the AWS SDK directly (bench/bucket/SdkBaseline.java,
# the SDK the plugin carries), on S3Proxy over loopback (filesystem backend, as in the tests): a sequential
# read of a SIZE object cold (against one download to /dev/null, and one saved to a file as `aws s3 cp` does,
# which like magicfs's cache fills page cache) and cached (and the cache file read directly), a write of SIZE, a listing of
# 10,000 objects, 1,000 small files written and uploaded. magicfs and the SDK run on one CPU, S3Proxy on the
# other. Prints one table; the times are the SDK's own (without its JVM start) and magicfs's wall clock.
#
# Usage (as root, after mvn install): bench/bucket.sh [size in MiB, default 1024]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
mib=${1:-1024}
. "$root/scripts/java-home.sh"
magicfs_find_java jdk # the SDK baseline runs as a source file
java=$JAVA_HOME/bin/java
lib="$root/s3proxy-server/target/lib"
[ -d "$lib" ] || { echo "bench/bucket.sh needs S3Proxy's class path: run mvn install first" >&2; exit 1; }
. "$root/bench/lib.sh"
bucket_bench_start bucket
mkdir -p "$work/buckets/bench/seeded/many" "$work/m"
cat >"$work/s3proxy.conf" <<CONF
s3proxy.endpoint=$endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/buckets
CONF
echo '<configuration><root level="OFF"/></configuration>' >"$work/logback.xml"
taskset -c 1 "$java" -Dlogback.configurationFile="$work/logback.xml" -cp "$lib/*" org.gaul.s3proxy.Main \
  --properties "$work/s3proxy.conf" >"$work/s3proxy.log" 2>&1 &
pids+=($!)
until curl -s -o /dev/null "$endpoint"; do sleep 0.2; done

# Objects put there as another program's uploads: one of SIZE, 10,000 small ones.
head -c "$((mib << 20))" /dev/urandom >"$work/buckets/bench/seeded/big.bin"
for i in $(seq 1 10000); do echo "$i" >"$work/buckets/bench/seeded/many/o$i"; done
head -c "$((mib << 20))" /dev/urandom >"$work/upload.bin"
sync # the seeding's writeback would otherwise slow whichever side runs first

sdk() { taskset -c 0 "$java" -cp "$root/plugins/magicfs-bucket.jar:$root/host/target/lib/*" "$root/bench/bucket/SdkBaseline.java" "$endpoint" bench "$@" | sed 's/.* in \([0-9]*\) ms/\1/'; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
timed() { local t0; t0=$(ms); "$@" >/dev/null; echo $(( $(ms) - t0 )); }

cat >"$work/mount.yaml" <<YAML
cache_limit: $((mib * 2))MiB
files:
  b:
    kind: bucket
    url: s3://bench/
    endpoint: $endpoint
    credentials: env
    cache: $work/cache
    cache_limit: $((mib * 3))MiB
    write_back: 0s
    refresh: 1h
YAML
taskset -c 0 "$root/magicfs" mount -c "$work/mount.yaml" --log quiet "$work/m" &
pids+=($!)
wait_mounted "$work/m" "${pids[-1]}"

sdk_cold=$(sdk download seeded/big.bin)
sdk_save=$(sdk save seeded/big.bin="$work/saved.bin")
rm "$work/saved.bin"
fs_cold=$(timed taskset -c 0 cat "$work/m/b/seeded/big.bin")
fs_cached=$(timed taskset -c 0 cat "$work/m/b/seeded/big.bin")
copy=$(ls -S "$work/cache/data" | head -1)
echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
timed cat "$work/cache/data/$copy" >/dev/null
direct=$(timed taskset -c 0 cat "$work/cache/data/$copy")
fs_cached2=$(timed taskset -c 0 cat "$work/m/b/seeded/big.bin")
sdk_list=$(sdk list seeded/many/)
fs_list=$(timed taskset -c 0 ls "$work/m/b/seeded/many")
sdk_up=$(sdk upload sdk/upload.bin="$work/upload.bin")
fs_up=$(timed taskset -c 0 sh -c "cp '$work/upload.bin' '$work/m/b/written.bin' && sync '$work/m/b/written.bin'")
sdk_small=$(sdk small sdk/small/)
mkdir "$work/m/b/small"
t0=$(ms)
for i in $(seq 0 999); do head -c 4096 /dev/zero >"$work/m/b/small/f$i"; done
until [ "$(find "$work/buckets/bench/small" -type f 2>/dev/null | wc -l)" -ge 1000 ]; do sleep 0.05; done
fs_small=$(( $(ms) - t0 ))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-38s %10s %10s %8s\n' "$mib MiB object, S3Proxy on loopback" "SDK ms" "magicfs ms" "speed"
printf '%-38s %10s %10s %8s\n' "sequential read, cold" "$sdk_cold" "$fs_cold" "$(ratio "$sdk_cold" "$fs_cold")"
printf '%-38s %10s %10s %8s\n' "  against a download to a file" "$sdk_save" "$fs_cold" "$(ratio "$sdk_save" "$fs_cold")"
printf '%-38s %10s %10s %8s\n' "sequential read, cached (vs cache file)" "$direct" "$fs_cached2" "$(ratio "$direct" "$fs_cached2")"
printf '%-38s %10s %10s %8s\n' "write $mib MiB + fsync" "$sdk_up" "$fs_up" "$(ratio "$sdk_up" "$fs_up")"
printf '%-38s %10s %10s %8s\n' "list 10,000 objects" "$sdk_list" "$fs_list" "$(ratio "$sdk_list" "$fs_list")"
printf '%-38s %10s %10s %8s\n' "1,000 files of 4 KiB, until uploaded" "$sdk_small" "$fs_small" "$(ratio "$sdk_small" "$fs_small")"
echo "(first cached read right after the cold one: $fs_cached ms; speed: SDK time / magicfs time, higher is better)"
