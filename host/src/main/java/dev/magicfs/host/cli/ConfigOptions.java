package dev.magicfs.host.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options naming a mount.yaml and a plugins folder, shared by every command. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, defaultValue = "mount.yaml", description = "the mount.yaml to use (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--plugins", description = "the plugins folder (default: mount.yaml's 'plugins')")
    Path plugins;
}
