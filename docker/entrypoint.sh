#!/usr/bin/env bash
# The image's entry point: mounts a mount.yaml at /magic with the request log on the terminal, prints a few
# commands to try, then runs the given command, or an interactive shell. When that ends, or on SIGTERM
# (docker stop), magicfs unmounts and the container exits with the command's status.
# The mount.yaml: $MAGICFS_CONFIG, else /config/mount.yaml when a volume provides one, else the default.
set -uo pipefail
if [ "$(id -u)" -eq 0 ]; then
  # The one step that needs root: let the user "magic" open the FUSE device; then run as "magic".
  if [ -c /dev/fuse ]; then
    chgrp magic /dev/fuse && chmod g+rw /dev/fuse
  fi
  HOME=/home/magic USER=magic LOGNAME=magic exec setpriv --reuid=magic --regid=magic --init-groups -- "$0" "$@"
fi
point=/magic
config=${MAGICFS_CONFIG:-}
if [ -z "$config" ] && [ -f /config/mount.yaml ]; then
  config=/config/mount.yaml
fi

command=""
# An interactive bash ignores SIGTERM and ends on SIGHUP, as when its terminal goes away.
on_signal() {
  if [ -n "$command" ]; then
    kill -HUP "$command" 2>/dev/null
    kill -TERM "$command" 2>/dev/null
  else
    kill -TERM "$fs" 2>/dev/null
  fi
}
trap on_signal TERM INT

magicfs mount ${config:+-c "$config"} "$point" &
fs=$!
until mountpoint -q "$point"; do
  if ! kill -0 "$fs" 2>/dev/null; then
    wait "$fs"
    exit # magicfs has said why
  fi
  sleep 0.1
done

cat <<HINTS

magicfs is mounted at $point. Try:
  ls $point
  cat $point/time.txt; sleep 1; cat $point/time.txt
  time cat $point/weather.txt     # about 2 s: "downloaded" on first read
  time cat $point/weather.txt     # instant: cached
  echo remember the milk > $point/notes.txt; cat $point/notes.txt
Every request is logged here. Leave with 'exit'.

HINTS

[ $# -gt 0 ] || set -- bash
# In the background, so that this script can act on SIGTERM; <&0 keeps the terminal as its input.
"$@" <&0 &
command=$!
status=0
while kill -0 "$command" 2>/dev/null; do
  wait "$command"
  status=$?
done
kill -TERM "$fs" 2>/dev/null
wait "$fs"
exit "$status"
