#!/usr/bin/env bash
# Installs what magicfs needs on a fresh Debian (or Ubuntu) machine: FUSE 2, a JDK 25, Maven, and the C
# toolchain and libfuse headers its layout test compiles against. With --tests, also what only the tests
# need: a PostgreSQL server, which the sql tests start on loopback with a throwaway data folder, and the
# programs the mounted tests run (python3, git, tar, runuser).
# Safe to run again. Uses sudo when not root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/java-home.sh"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive

packages=(fuse libfuse2 libfuse-dev pkg-config gcc maven)
if [ "${1:-}" = "--tests" ]; then
  # The mounted tests run the tools users run: tar, git, Python's os, runuser for a second user.
  packages+=(postgresql python3 git tar util-linux)
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
  # libfuse2 is libfuse2t64 on trixie; apt picks the provider of the virtual name.
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if $need_jdk; then
  # Debian trixie packages JDK 25; on older releases this fails and the message below says what to do.
  as_root apt-get install -y -qq --no-install-recommends openjdk-25-jdk-headless >/dev/null 2>&1 || true
fi
magicfs_find_java jdk
echo "magicfs: ready (JDK at $JAVA_HOME, $(fusermount -V 2>&1))"
