#!/usr/bin/env bash
# Runs systemd/magicfs@.service under a real systemd, booted in a container from the distribution, and checks
# it as an operator would: `systemctl enable --now` returns once the mount serves (Type=notify), `systemctl
# reload` applies an edit and fails on a rejected one while the mount keeps serving, the enabled mount is back
# after a reboot, and `systemctl stop` unmounts cleanly. systemd 257 needs the unified cgroup hierarchy, so
# the container mounts its own cgroup2.
# Needs a Docker engine and debian:trixie-slim (on this project's dev machine: ../shared/tools/docker-env.sh)
# and the distribution (mvn package, or scripts/test.sh); not part of CI.
# Usage: scripts/systemd-smoke.sh [image tag, default magicfs-systemd]. Exits non-zero if any check fails.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
image=${1:-magicfs-systemd}
tarball=$(ls "$root"/dist/target/magicfs-*.tar.gz 2>/dev/null | head -n1)
[ -n "$tarball" ] || { echo "no distribution: run mvn package first" >&2; exit 1; }
. "$root/scripts/smoke-lib.sh"

cp "$tarball" "$work/magicfs.tar.gz"
cp "$root/systemd/magicfs@.service" "$work/"
cat >"$work/boot.sh" <<'EOF'
#!/bin/sh
umount -R /sys/fs/cgroup 2>/dev/null || true
mount -t cgroup2 cgroup2 /sys/fs/cgroup
exec /lib/systemd/systemd
EOF
chmod +x "$work/boot.sh"
cat >"$work/Dockerfile" <<'EOF'
FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv openjdk-25-jre-headless fuse3 \
 && rm -rf /var/lib/apt/lists/*
RUN mkdir /opt/magicfs /etc/magicfs
ADD magicfs.tar.gz /opt/magicfs/
RUN ln -s /opt/magicfs/*/bin/magicfs /usr/local/bin/magicfs
COPY magicfs@.service /etc/systemd/system/
COPY boot.sh /boot.sh
STOPSIGNAL SIGRTMIN+3
CMD ["/boot.sh"]
EOF
echo "== docker build -t $image"
docker build -q -t "$image" "$work" >/dev/null

container=$(docker run -d --cap-add SYS_ADMIN --device /dev/fuse --security-opt seccomp=unconfined --cgroupns=private \
  --tmpfs /run --tmpfs /run/lock "$image")
in_box() { docker exec -i "$container" bash -s; }
booted() {
  for _ in $(seq 1 100); do
    state=$(docker exec "$container" systemctl is-system-running 2>/dev/null || true)
    case "$state" in running | degraded) return 0 ;; esac
    sleep 0.2
  done
  return 1
}
check "systemd boots in the container" booted

echo "== enable --now, reload, a rejected reload"
in_box >"$work/service.out" 2>&1 <<'EOF' || true
printf 'files:\n  hello.txt: {kind: static, text: "hello from systemd\\n"}\n' > /etc/magicfs/mnt-docs.yaml
systemctl enable --now --quiet "magicfs@$(systemd-escape --path /mnt/docs).service"
echo "right-after-start=$(cat /mnt/docs/hello.txt)"
echo "$(systemctl show -p Type -p ActiveState magicfs@mnt-docs | tr '\n' ' ')"
printf '  extra.txt: {kind: static, text: "reloaded\\n"}\n' >> /etc/magicfs/mnt-docs.yaml
systemctl reload magicfs@mnt-docs && echo "reload=ok"
echo "extra=$(cat /mnt/docs/extra.txt)"
sed -i 's/text: "reloaded/text: "rejected/; s/kind: static, text: "rejected/kind: statik, text: "rejected/' /etc/magicfs/mnt-docs.yaml
systemctl reload magicfs@mnt-docs || echo "rejected-reload=failed"
echo "after-rejection=$(systemctl show -p ActiveState --value magicfs@mnt-docs) $(cat /mnt/docs/extra.txt)"
journalctl -u magicfs@mnt-docs --no-pager | grep -c "RELOAD rejected: /etc/magicfs/mnt-docs.yaml:3:" | sed 's/^/journal-rejections=/'
sed -i 's/statik/static/' /etc/magicfs/mnt-docs.yaml
EOF
check "systemctl start returns once the files are there" grep -qx "right-after-start=hello from systemd" "$work/service.out"
check "the unit is Type=notify and active" grep -q "Type=notify ActiveState=active" "$work/service.out"
check "systemctl reload applies an edit" bash -c 'grep -qx reload=ok "$1" && grep -qx extra=reloaded "$1"' _ "$work/service.out"
check "a rejected edit fails the reload, the reason in the journal" bash -c 'grep -qx rejected-reload=failed "$1" && grep -qx journal-rejections=1 "$1"' _ "$work/service.out"
check "after a rejected edit the mount serves the last good one" grep -qx "after-rejection=active reloaded" "$work/service.out"

echo "== a reboot, then systemctl stop"
start=$(date +%s%N)
docker restart -t 30 "$container" >/dev/null
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "systemd shuts down (stopping the mount) within 10 s (${elapsed_ms} ms)" [ "$elapsed_ms" -lt 10000 ]
booted || true
in_box >"$work/boot.out" 2>&1 <<'EOF' || true
echo "at-boot=$(systemctl show -p ActiveState --value magicfs@mnt-docs) $(cat /mnt/docs/hello.txt)"
systemctl stop magicfs@mnt-docs
echo "stopped=$(systemctl show -p Result -p ExecMainStatus magicfs@mnt-docs | tr '\n' ' ')"
findmnt /mnt/docs >/dev/null || echo "unmounted=yes"
# The container shares the host's boot id, so the journal (kept in /run across a container restart) holds both boots.
journalctl -u magicfs@mnt-docs --no-pager | grep -c "unmounted /mnt/docs" | sed 's/^/journal-unmounted=/'
EOF
check "the enabled mount is back after a reboot" grep -qx "at-boot=active hello from systemd" "$work/boot.out"
check "systemctl stop ends it cleanly" bash -c 'grep -q "stopped=Result=success ExecMainStatus=0" "$1" && grep -qx unmounted=yes "$1"' _ "$work/boot.out"
check "the shutdown for the reboot and systemctl stop both unmounted cleanly" grep -qx "journal-unmounted=2" "$work/boot.out"

finish
