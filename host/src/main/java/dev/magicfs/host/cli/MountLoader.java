package dev.magicfs.host.cli;

import dev.magicfs.host.assembly.MountAssembler;
import dev.magicfs.host.config.ConfigException;
import dev.magicfs.host.config.MountConfigParser;
import dev.magicfs.host.config.MountSpec;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.plugins.KindRegistry;
import dev.magicfs.host.plugins.PluginLoadException;
import dev.magicfs.host.tree.InodeTable;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The steps {@code check} and {@code mount} share: parse mount.yaml, load its plugins, build the tree. */
final class MountLoader {
    private MountLoader() {}

    /** A mount ready to serve; close it to stop the plugins. */
    record Loaded(MountSpec spec, KindRegistry kinds, InodeTable table, MountLog log) implements AutoCloseable {
        @Override
        public void close() {
            kinds.close();
        }
    }

    /** Loads everything, or prints every problem to {@code err} and returns null. The log goes to stderr. */
    static Loaded load(ConfigOptions options, MountLog.Level level, PrintWriter err) {
        Path config = options.config();
        MountSpec spec;
        try {
            spec = MountConfigParser.parse(config, config.toString());
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return null;
        }
        MountLog log = new MountLog(spec.name(), level, System.err);
        KindRegistry kinds;
        try {
            kinds = KindRegistry.load(options.pluginFolders(spec.pluginsDirectory()));
        } catch (PluginLoadException e) {
            e.problems().forEach(p -> err.println("plugins: " + p));
            return null;
        }
        try {
            return new Loaded(spec, kinds, MountAssembler.assemble(spec, kinds, log), log);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            kinds.close();
            return null;
        }
    }
}
