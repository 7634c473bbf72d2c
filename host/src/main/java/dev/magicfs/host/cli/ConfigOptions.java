package dev.magicfs.host.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options naming a mount.yaml and a plugins folder, shared by every command. */
final class ConfigOptions {
    static final String CONFIG_VARIABLE = "MAGICFS_CONFIG";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "the mount.yaml to use (default: $" + CONFIG_VARIABLE + ", else ./mount.yaml, else the installation's)")
    Path config;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "a folder of extra plugin jars, used instead of mount.yaml's 'plugins' (the built-in kinds are always there)")
    Path plugins;

    /** The mount.yaml to read: -c, then $MAGICFS_CONFIG, then ./mount.yaml, then the installation's. */
    Path config() {
        if (config != null) {
            return config;
        }
        String variable = System.getenv(CONFIG_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        Path here = Path.of("mount.yaml");
        if (Files.exists(here)) {
            return here;
        }
        return Installation.current().map(Installation::defaultConfig).filter(Files::exists).orElse(here);
    }

    /** The plugin folders to load: the installation's built-in plugins, then --plugins or mount.yaml's folder. */
    List<Path> pluginFolders(Path namedInMountYaml) {
        List<Path> folders = new ArrayList<>();
        Installation.current().map(Installation::builtInPlugins).ifPresent(folders::add);
        Path extra = plugins != null ? plugins : namedInMountYaml;
        if (extra != null) {
            folders.add(extra);
        }
        return folders;
    }
}
