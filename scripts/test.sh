#!/usr/bin/env bash
# Builds magicfs and runs every test, mounted ones included, with a JDK 25.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/java-home.sh"
magicfs_find_java jdk
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
exec mvn -B -f "$here/pom.xml" install "$@"
