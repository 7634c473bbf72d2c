# What the container smoke checks share (sourced): check NAME CONDITION... prints PASS or FAIL NAME and
# counts failures; $work is a scratch folder, and $container, once set, is removed at exit with it.
failures=0
check() {
  local name=$1
  shift
  if "$@"; then echo "PASS $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
container=""
work=$(mktemp -d)
cleanup() {
  [ -z "$container" ] || docker rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Ends the script: the outputs of a failed run, or "all checks passed".
finish() {
  if [ "$failures" -gt 0 ]; then
    echo "== $failures check(s) failed; outputs:"
    for f in "$work"/*.out; do echo "--- $f"; cat "$f"; done
    exit 1
  fi
  echo "== all checks passed"
}
