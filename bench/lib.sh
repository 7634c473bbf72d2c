# Sourced by the benchmarks, which set $root and $work.
#
# go_build NAME builds bench/go/NAME.go into $work/NAME-go against go-fuse from
# Debian's sources (golang-github-hanwen-go-fuse-dev), offline; without go or those sources it builds
# nothing, and the benchmark skips that peer.
go_build() {
  local name=$1 gocode=/usr/share/gocode/src dir=$work/go-$1
  command -v go >/dev/null && [ -d "$gocode/github.com/hanwen/go-fuse" ] || return 0
  mkdir -p "$dir" && cp "$root/bench/go/$name.go" "$dir/"
  printf 'module %s\ngo 1.19\nrequire github.com/hanwen/go-fuse/v2 v2.0.0\nrequire golang.org/x/sys v0.0.0\n%s\n%s\n' "$name" \
    "replace github.com/hanwen/go-fuse/v2 => $gocode/github.com/hanwen/go-fuse" \
    "replace golang.org/x/sys => $gocode/golang.org/x/sys" >"$dir/go.mod"
  (cd "$dir" && GOPROXY=off GOFLAGS=-mod=mod GOCACHE="$dir/cache" go build -o "$work/$name-go" .) || rm -f "$work/$name-go"
}

# wait_mounted DIR PID: waits up to 30 s for the file system of process PID to be mounted at DIR.
wait_mounted() { # DIR PID
  for _ in $(seq 1 600); do
    mountpoint -q "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "the file system for $1 exited" >&2; return 1; }
    sleep 0.05
  done
  echo "$1 was not mounted within 30 s" >&2
  return 1
}

# bucket_bench_start NAME: the common start of the bucket benchmarks. Makes $work (a fresh folder under /var/tmp,
# removed at exit with the mount at $work/m and every process in $pids), sets the AWS keys both sides use, and
# picks a free loopback $port and its $endpoint for the service.
bucket_bench_start() { # NAME
  work=$(mktemp -d "/var/tmp/magicfs-$1.XXXXXX")
  pids=()
  trap bucket_bench_cleanup EXIT
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  endpoint=http://127.0.0.1:$port
}
bucket_bench_cleanup() {
  umount -l "$work/m" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
