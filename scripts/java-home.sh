# Sourced by the launcher and the scripts: sets JAVA_HOME to a Java 25 or newer, or explains what is missing.
#   magicfs_find_java        a runtime is enough (running magicfs)
#   magicfs_find_java jdk    javac is needed too (building magicfs)
# Order: $JAVA_HOME, the usual install folders, then the java on PATH.

# Sets java_feature to the feature version (25 for 25.0.3, 8 for 1.8.0) of the Java at $1; fails when $1
# holds none, or, with $2 = jdk, no javac. Bash's own read, not a sed: the launcher runs this at every start.
magicfs_java_feature() {
  local line
  java_feature=""
  [ -x "$1/bin/java" ] || return 1
  [ "${2:-}" != jdk ] || [ -x "$1/bin/javac" ] || return 1
  if [ -r "$1/release" ]; then # every JDK and JRE since 9 has it
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=\"1.*) line=${line#JAVA_VERSION=\"1.}; java_feature=${line%%[!0-9]*}; break ;;
        JAVA_VERSION=\"*) line=${line#JAVA_VERSION=\"}; java_feature=${line%%[!0-9]*}; break ;;
      esac
    done <"$1/release"
  fi
  if [ -z "$java_feature" ]; then
    java_feature=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1)
  fi
  [ -n "$java_feature" ]
}

magicfs_find_java() {
  local need=${1:-} candidate too_old="" seen=" " java_feature
  # The java on PATH is looked at last, and only then found: resolving it costs three processes.
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/* on-path; do
    if [ "$candidate" = on-path ]; then
      command -v java >/dev/null 2>&1 || continue
      candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    [ ! -L "$candidate" ] || candidate=$(readlink -f "$candidate")
    case "$seen" in *" $candidate "*) continue ;; esac
    seen="$seen$candidate "
    magicfs_java_feature "$candidate" "$need" || continue
    if [ "$java_feature" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
    too_old="$too_old $candidate (Java $java_feature);"
  done
  local what="Java 25 or newer"
  [ "$need" = jdk ] && what="a JDK 25 or newer (with javac) to build it"
  if [ -n "$too_old" ]; then
    echo "magicfs needs $what; these are too old:${too_old%;}." >&2
  else
    echo "magicfs needs $what, and found none (JAVA_HOME, /usr/lib/jvm, /opt/java, PATH)." >&2
  fi
  echo "On Debian trixie: apt-get install openjdk-25-jdk-headless; elsewhere see https://adoptium.net, then set JAVA_HOME." >&2
  return 1
}
