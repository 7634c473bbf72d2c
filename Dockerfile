# magicfs in a container, the way the original demo shipped:
#   docker build -t magicfs .
#   docker run -it --rm --device /dev/fuse --cap-add SYS_ADMIN magicfs
# mounts the default mount.yaml at /magic, prints a few commands to try, and opens a shell (or runs the
# command given). Your own mount.yaml and plugins: -v "$PWD/my:/config" (it uses /config/mount.yaml), or
# -e MAGICFS_CONFIG=/path/in/the/container.yaml.

# --- build: JDK and Maven, dependencies in a layer of their own ---
FROM debian:trixie-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-25-jdk-headless maven \
 && rm -rf /var/lib/apt/lists/*
# Debian's maven brings its default JDK (21) along; the build needs 25, whatever the architecture.
RUN ln -s /usr/lib/jvm/java-25-openjdk-* /usr/lib/jvm/java-25
ENV JAVA_HOME=/usr/lib/jvm/java-25 MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"
WORKDIR /src
# Only the poms: this layer and the download below are rebuilt when a pom changes, not when code does.
COPY pom.xml ./
COPY plugin-api/pom.xml plugin-api/
COPY plugins/pom.xml plugins/
COPY plugins/static/pom.xml plugins/static/
COPY plugins/clock/pom.xml plugins/clock/
COPY plugins/lazy-remote/pom.xml plugins/lazy-remote/
COPY plugins/writable-memory/pom.xml plugins/writable-memory/
COPY plugins/writable-dir/pom.xml plugins/writable-dir/
COPY plugins/js/pom.xml plugins/js/
COPY plugins/sql/pom.xml plugins/sql/
COPY plugins/bucket/pom.xml plugins/bucket/
COPY s3proxy-server/pom.xml s3proxy-server/
COPY host/pom.xml host/
COPY dist/pom.xml dist/
RUN mvn -B -q -Dstyle.color=never dependency:go-offline
COPY . .
# The layer above holds nearly everything (go-offline misses only annotation processors, fetched here).
# Tests are compiled, since the distribution's test build uses the host's test jar, but not run: they
# mount FUSE file systems, which a build cannot. CI runs them (README: scripts/test.sh).
RUN mvn -B -q -Dstyle.color=never -DskipTests package \
 && mkdir /dist && tar xzf dist/target/magicfs-*.tar.gz -C /dist --strip-components=1

# --- run: a Java runtime and fusermount3, nothing else (magicfs speaks FUSE itself: no libfuse) ---
FROM debian:trixie-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-25-jre-headless fuse3 \
 && rm -rf /var/lib/apt/lists/*
# magicfs and the shell run as "magic". Root is used for two things FUSE needs: the entry point opens
# /dev/fuse to the user (docker --device copies the host's mode, often 0600), and Debian's setuid
# fusermount3 mounts and unmounts, handing magicfs the opened device.
RUN useradd --create-home --shell /bin/bash magic \
 && mkdir /magic /config \
 && chown magic:magic /magic
COPY --from=build /dist /opt/magicfs
# The AOT cache again, made by this image's own JVM, which the build stage's JDK may not match exactly.
RUN MAGICFS_AOT=train /opt/magicfs/bin/magicfs
# The default mount.yaml keeps its writable box beside itself: the one folder there "magic" may write.
RUN mkdir /opt/magicfs/box.store && chown magic:magic /opt/magicfs/box.store
COPY docker/entrypoint.sh /usr/local/bin/magicfs-entrypoint
ENV PATH="/opt/magicfs/bin:${PATH}"
WORKDIR /home/magic
ENTRYPOINT ["magicfs-entrypoint"]
