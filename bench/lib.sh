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
