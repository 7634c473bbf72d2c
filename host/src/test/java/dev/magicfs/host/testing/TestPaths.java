package dev.magicfs.host.testing;

import java.nio.file.Path;

/** Folders the build hands to the tests (see the surefire configuration in host/pom.xml). */
public final class TestPaths {
    private TestPaths() {}

    /** The built-in plugin jars, copied from the plugin modules. */
    public static Path builtInPlugins() {
        return Path.of(System.getProperty("magicfs.test.plugins", "target/test-plugins")).toAbsolutePath();
    }

    /** A file of the repository, such as the default mount.yaml. */
    public static Path repositoryFile(String name) {
        return Path.of(System.getProperty("magicfs.test.root", "..")).resolve(name).toAbsolutePath().normalize();
    }
}
