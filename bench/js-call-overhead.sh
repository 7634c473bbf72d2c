#!/usr/bin/env bash
# The warm per-call cost of a js file's read(ctx), in-process, with JMH: what the js kind adds to each open of
# a js file (pooled context, timeout watchdog, statement limit reset, the call, bytes out). No FUSE involved.
# Usage: bench/js-call-overhead.sh [JMH options, e.g. -f 3 -wi 5 -i 10 -t 2]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
magicfs_find_java jdk || exit 1
export JAVA_HOME MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -q -B -f "$root/pom.xml" -pl plugins/js -am -DskipTests install
cp_file=$root/plugins/js/target/bench-classpath.txt
mvn -q -B -f "$root/plugins/js/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
flags="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $flags \
  -cp "$root/plugins/js/target/test-classes:$root/plugins/js/target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main ReadCallBenchmark -f 1 -wi 5 -w 2s -i 5 -r 2s -jvmArgsAppend "$flags" "$@"
