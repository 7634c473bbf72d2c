#!/usr/bin/env bash
# Builds the Docker image and checks it as a user would: the default mount at /magic (the four files, hello's
# exact bytes, a clock that moves, weather's 2 s first read and fast second one, a notes round trip), a shell
# on a terminal, a mount.yaml from a /config volume, and `docker stop` ending it cleanly in under 10 s.
# Needs a Docker engine (on this project's dev machine: ../shared/tools/docker-env.sh); not part of CI.
# Usage: scripts/docker-smoke.sh [image tag, default magicfs]. Exits non-zero if any check fails.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
image=${1:-magicfs}
fuse=(--device /dev/fuse --cap-add SYS_ADMIN)
. "$root/scripts/smoke-lib.sh"

echo "== docker build -t $image"
start=$(date +%s)
docker build -q -t "$image" "$root" >/dev/null
echo "built in $(($(date +%s) - start)) s"

echo "== the default mount, checked from a command run in the container"
docker run --rm "${fuse[@]}" "$image" bash -c '
  echo "user=$(id -un)"
  echo "files=$(ls /magic | tr "\n" " ")"
  echo "hello=$(od -An -tx1 /magic/hello.txt | tr -d " \n")"
  echo "time1=$(cat /magic/time.txt)"; sleep 1.1; echo "time2=$(cat /magic/time.txt)"
  ms() { echo $(( $(date +%s%N) / 1000000 )); }
  s=$(ms); weather=$(cat /magic/weather.txt); echo "weather_first_ms=$(( $(ms) - s ))"
  s=$(ms); cat /magic/weather.txt >/dev/null; echo "weather_second_ms=$(( $(ms) - s ))"
  echo "weather=$weather"
  echo remember the milk > /magic/notes.txt; echo "notes=$(cat /magic/notes.txt)"
  cd /magic/box && mkdir -p a/b && cp /magic/hello.txt a/b/ && mv a z && sed -i s/Hello/Howdy/ z/b/hello.txt \
    && git init -q repo 2>/dev/null; echo "box=$(head -c 6 z/b/hello.txt) $(ls -A /magic/box | tr "\n" " ")"
' >"$work/default.out" 2>&1 || true
value() { sed -n "s/^$1=//p" "$2" | head -n1; }
out=$work/default.out
hello_hex=$(printf 'Hello! I am not a real file. A tiny Java program made me up.\n' | od -An -tx1 | tr -d ' \n')
check "runs as the unprivileged user 'magic'" [ "$(value user "$out")" = magic ]
check "the hints are printed" grep -q "cat /magic/time.txt; sleep 1; cat /magic/time.txt" "$out"
files=$(value files "$out")
check "ls /magic lists hello.txt, time.txt, weather.txt and notes.txt ($files)" \
  bash -c '[[ " $1" == *" hello.txt "* && " $1" == *" time.txt "* && " $1" == *" weather.txt "* && " $1" == *" notes.txt "* ]]' _ "$files"
check "hello.txt has its exact bytes" [ "$(value hello "$out")" = "$hello_hex" ]
check "time.txt changes ($(value time1 "$out") / $(value time2 "$out"))" \
  bash -c '[ -n "$1" ] && [ "$1" != "$2" ]' _ "$(value time1 "$out")" "$(value time2 "$out")"
first=$(value weather_first_ms "$out")
second=$(value weather_second_ms "$out")
check "weather.txt takes about 2 s the first time (${first} ms)" [ "${first:-0}" -ge 1900 -a "${first:-0}" -lt 6000 ]
check "weather.txt is fast the second time (${second} ms)" [ "${second:-9999}" -lt 500 ]
check "weather.txt has the forecast" grep -q "^weather=Tomorrow: sunny" "$out"
check "notes.txt keeps what was written" [ "$(value notes "$out")" = "remember the milk" ]
check "the request log is on the terminal" grep -q "READ hello.txt" "$out"
check "the box takes mkdir, cp, mv and sed -i as user magic ($(value box "$out"))" bash -c '[[ "$1" == "Howdy! z "* ]]' _ "$(value box "$out")"

echo "== an interactive shell on a terminal"
printf 'echo answer-$((6 * 7))\nexit\n' | script -qec "docker run -i -t --rm ${fuse[*]} $image" /dev/null \
  >"$work/shell.out" 2>&1 || true
check "a shell opens on the mount and runs what is typed" grep -q "answer-42" "$work/shell.out"

echo "== a user's mount.yaml from a /config volume"
mkdir -p "$work/config"
printf 'files:\n  mine.txt: {kind: static, text: "from my config\\n"}\n' >"$work/config/mount.yaml"
chmod -R a+rX "$work/config"
docker run --rm "${fuse[@]}" -v "$work/config:/config:ro" "$image" cat /magic/mine.txt >"$work/config.out" 2>&1 || true
check "/config/mount.yaml is mounted instead of the default" grep -qx "from my config" "$work/config.out"

echo "== docker stop"
container=$(docker run -d "${fuse[@]}" "$image" sleep infinity)
for _ in $(seq 1 300); do
  docker logs "$container" 2>&1 | grep -q "magicfs is mounted" && break
  sleep 0.1
done
start=$(date +%s%N)
docker stop "$container" >/dev/null
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "docker stop ends the container in under 10 s (${elapsed_ms} ms)" [ "$elapsed_ms" -lt 10000 ]
check "magicfs unmounted on SIGTERM" bash -c 'docker logs "$1" 2>&1 | grep -q "unmounted /magic"' _ "$container"
docker logs "$container" >"$work/stop.out" 2>&1 || true

finish
