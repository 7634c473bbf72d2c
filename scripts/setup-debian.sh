#!/usr/bin/env bash
# Installs what magicfs needs on a fresh Debian (or Ubuntu) machine: a JDK 25, Maven, the C compiler and
# kernel headers its protocol layout test compiles against, and fuse3 (fusermount3, for mounts by users)
# only where neither fusermount3 nor libfuse 2's fusermount is there: either serves, and apt would remove
# one to install the other. magicfs needs no libfuse library. With --tests, also what only the tests
# need: a PostgreSQL server, which the sql tests start on loopback with a throwaway data folder, and the
# programs the mounted tests run (python3, git, tar, rsync, sqlite3, vim, runuser).
# Safe to run again. Uses sudo when not root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/java-home.sh"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive

packages=(gcc libc6-dev linux-libc-dev maven)
if ! command -v fusermount3 >/dev/null && ! command -v fusermount >/dev/null; then
  packages+=(fuse3)
fi
if [ "${1:-}" = "--tests" ]; then
  # The mounted tests run the tools users run: tar, git, rsync, sqlite3, vim, Python's os, runuser and
  # setpriv for a second user, the Prometheus project's Python parser, which reads /.magic/metrics, and groff, which
  # renders the man page.
  packages+=(postgresql python3 python3-prometheus-client git tar rsync sqlite3 vim-tiny util-linux groff-base)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
need_jdk=false
magicfs_find_java jdk 2>/dev/null || need_jdk=true
if [ ${#missing[@]} -gt 0 ] || $need_jdk; then
  as_root apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if $need_jdk; then
  # Debian trixie packages JDK 25; on older releases this fails and the message below says what to do.
  as_root apt-get install -y -qq --no-install-recommends openjdk-25-jdk-headless >/dev/null 2>&1 || true
fi
magicfs_find_java jdk
fusermount=$(command -v fusermount3 || command -v fusermount || true)
echo "magicfs: ready (JDK at $JAVA_HOME, ${fusermount:+$("$fusermount" -V 2>&1 | head -n1)})"
