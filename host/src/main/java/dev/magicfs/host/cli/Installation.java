package dev.magicfs.host.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where magicfs is installed, as its launcher says with {@code -Dmagicfs.home}: a distribution's top folder, or a
 * source checkout. Its {@code plugins/} holds the built-in kinds, loaded for every mount, and its
 * {@code mount.yaml} is the mount used when the current folder has none.
 */
record Installation(Path home) {
    static final String HOME_PROPERTY = "magicfs.home";

    /** The installation the launcher named; empty when the host runs without the launcher (tests, an IDE). */
    static Optional<Installation> current() {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(new Installation(Path.of(home)));
    }

    Path builtInPlugins() {
        return home.resolve("plugins");
    }

    Path defaultConfig() {
        return home.resolve("mount.yaml");
    }
}
