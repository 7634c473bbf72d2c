# Sourced by the launcher and the scripts: sets JAVA_HOME to a JDK 25 or newer, or explains what is missing.
# Order: $JAVA_HOME, the usual install folders, then the java on PATH.
magicfs_java_feature() { # prints the feature version of the JDK at $1 (25 for "25.0.3")
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}
magicfs_find_java() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    version=$(magicfs_java_feature "$candidate") || continue
    if [ -n "$version" ] && [ "$version" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    version=$(magicfs_java_feature "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  echo "magicfs needs a JDK 25 or newer, and found none (JAVA_HOME, /usr/lib/jvm, PATH)." >&2
  echo "On Debian trixie: apt-get install openjdk-25-jdk-headless; elsewhere see https://adoptium.net" >&2
  return 1
}
