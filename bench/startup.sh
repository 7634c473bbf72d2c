#!/usr/bin/env bash
# Start-up of magicfs with the default mount.yaml, medians of 5 runs each: the JVM alone (java -version),
# magicfs --version, magicfs check, mount until ls answers, and the first read of a js file after that.
# Each is measured with the AOT cache the build made and without it (MAGICFS_AOT=off), and the steps of a
# check and a mount are split as the host counts them (MAGICFS_TIMINGS=1): the JVM and the command line,
# parsing mount.yaml, loading the plugins (PF4J), building the files (each kind's create, the JavaScript
# engine included when it starts there), and the kernel's mount. bench/scale.sh does the same at 100,000 files.
# A check records the scripts that load cleanly (in the user's cache folder), and later checks and mounts of
# the same scripts skip the JavaScript engine: the check column is that usual case, after one check; the
# "script edited" column is a check with no records, as after an edit of every script.
# Usage (as root, after scripts/setup-debian.sh): bench/startup.sh [runs, default 5]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
magicfs_find_java
runs=${1:-5}
[ "$(id -u)" -eq 0 ] || { echo "bench/startup.sh mounts a FUSE file system: run it as root" >&2; exit 1; }
work=$(mktemp -d /tmp/magicfs-startup.XXXXXX)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  umount -l "$work/mnt" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
"$root/magicfs" --version >/dev/null # builds magicfs, and its AOT cache, if needed
cp "$root/mount.yaml" "$work/" && cp -r "$root/js" "$work/"
mkdir -p "$work/mnt"

# timed COMMAND...: prints the wall time of one run in ms
timed() { local start; start=$(ms); "$@" >/dev/null 2>&1; echo $(($(ms) - start)); }

# mount_once: prints "MOUNT_MS FIRST_JS_READ_MS" for one mount of the default mount.yaml
mount_once() {
  local start mounted
  start=$(ms)
  MAGICFS_TIMINGS=1 "$root/magicfs" mount -c "$work/mount.yaml" --log quiet "$work/mnt" 2>"$work/mount.err" &
  pid=$!
  until mountpoint -q "$work/mnt" && ls "$work/mnt" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/mount.err" >&2; exit 1; }
    sleep 0.005
  done
  mounted=$(ms)
  cat "$work/mnt/greeting.txt" >/dev/null
  echo "$((mounted - start)) $(($(ms) - mounted))"
  kill "$pid"; wait "$pid" || true; pid=""
  grep '^startup:' "$work/mount.err" >"$work/mount.steps" || true
}

row() { # LABEL: one line of medians, with and without the AOT cache
  local label=$1 aot=$2
  local jvm version check mounts mount_ms js_ms
  jvm=$(for _ in $(seq "$runs"); do timed "$JAVA_HOME/bin/java" -version; done | median)
  version=$(for _ in $(seq "$runs"); do MAGICFS_AOT=$aot timed "$root/magicfs" --version; done | median)
  MAGICFS_AOT=$aot "$root/magicfs" check -c "$work/mount.yaml" >/dev/null # records the scripts
  check=$(for _ in $(seq "$runs"); do MAGICFS_AOT=$aot timed "$root/magicfs" check -c "$work/mount.yaml"; done | median)
  edited=$(for _ in $(seq "$runs"); do rm -rf "$work/no-records"
    XDG_CACHE_HOME="$work/no-records" MAGICFS_AOT=$aot timed "$root/magicfs" check -c "$work/mount.yaml"; done | median)
  mounts=$(for _ in $(seq "$runs"); do MAGICFS_AOT=$aot mount_once; done)
  mount_ms=$(echo "$mounts" | awk '{ print $1 }' | median)
  js_ms=$(echo "$mounts" | awk '{ print $2 }' | median)
  echo "| $label | $jvm | $version | $check | $edited | $mount_ms | $js_ms |"
  MAGICFS_AOT=$aot MAGICFS_TIMINGS=1 "$root/magicfs" check -c "$work/mount.yaml" 2>&1 >/dev/null | grep '^startup:' \
    | sed "s/^/  check, $label: /" >>"$work/steps"
  sed "s/^/  mount, $label: /" "$work/mount.steps" >>"$work/steps"
}

echo "magicfs start-up, default mount.yaml; $(nproc) CPUs, kernel $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1); medians of $runs (ms)"
echo
echo "| | java -version | magicfs --version | check | check, script edited | mount until ls answers | first js read after |"
echo "|---|---|---|---|---|---|---|"
row "with the AOT cache" on
row "without it" off
echo
echo "Steps of the last run of each:"
cat "$work/steps"
