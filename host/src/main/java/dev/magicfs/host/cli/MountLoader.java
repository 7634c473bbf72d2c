package dev.magicfs.host.cli;

import dev.magicfs.host.assembly.AssembledMount;
import dev.magicfs.host.assembly.MountServices;
import dev.magicfs.host.assembly.MountAssembler;
import dev.magicfs.host.config.ConfigException;
import dev.magicfs.host.config.MountConfigParser;
import dev.magicfs.host.config.MountSpec;
import dev.magicfs.host.log.LogRing;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.magic.MagicFolder;
import dev.magicfs.host.plugins.KindRegistry;
import dev.magicfs.host.plugins.PluginLoadException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The steps {@code check} and {@code mount} share: parse mount.yaml, load its plugins, build the tree. */
final class MountLoader {
    private MountLoader() {}

    /**
     * A mount ready to serve; close it to stop the plugins. It keeps the tree, not the parsed mount.yaml: with
     * 100,000 files, the specs' positions and values would double the heap a mount holds.
     */
    record Loaded(Summary summary, KindRegistry kinds, List<Path> pluginFolders, AssembledMount mount, MountLog log)
            implements AutoCloseable {
        @Override
        public void close() {
            kinds.close();
        }
    }

    /** What the commands say about a mount.yaml once it is loaded. */
    record Summary(Path configFile, String name, boolean allowOther, int files, SortedSet<String> kindsUsed) {
        static Summary of(MountSpec spec) {
            SortedSet<String> kinds = new TreeSet<>();
            spec.files().forEach(f -> kinds.add(f.kind()));
            return new Summary(spec.configFile(), spec.name(), spec.allowOther(), spec.files().size(),
                    Collections.unmodifiableSortedSet(kinds));
        }

        /** {@code mount.yaml (3 files)}. */
        String describe() {
            return configFile + " (" + files + (files == 1 ? " file)" : " files)");
        }
    }

    /**
     * Loads everything, or reports every problem to {@code problems} and returns null. The log goes to stderr.
     *
     * @param checkOnly for {@code magicfs check}, which mounts nothing
     */
    static Loaded load(ConfigOptions options, MountLog.Level level, ProblemReport problems, boolean checkOnly) {
        return load(options, level, problems, checkOnly, null, null);
    }

    /** Makes what a served mount gives its tree ({@code /.magic}, transfers) once its log and kinds are there. */
    interface ServicesFactory {
        MountServices make(MountSpec spec, KindRegistry kinds, MountLog log);
    }

    /**
     * Loads a mount to serve: its log also goes to {@code ring}, and its tree has {@code services}' {@code /.magic}
     * unless mount.yaml turns it off.
     */
    static Loaded loadToMount(ConfigOptions options, MountLog.Level level, ProblemReport problems, LogRing ring,
            ServicesFactory services) {
        return load(options, level, problems, false, ring, services);
    }

    private static Loaded load(ConfigOptions options, MountLog.Level level, ProblemReport problems, boolean checkOnly,
            LogRing ring, ServicesFactory services) {
        try (SlowStartNotice notice = new SlowStartNotice(System.err, "reading and checking " + options.config())) {
            return load(options, level, problems, checkOnly, ring, services, notice);
        }
    }

    private static Loaded load(ConfigOptions options, MountLog.Level level, ProblemReport problems, boolean checkOnly,
            LogRing ring, ServicesFactory services, SlowStartNotice notice) {
        StartupTimings timings = StartupTimings.get();
        timings.mark("command line");
        Path config = options.config();
        MountSpec spec;
        try {
            spec = MountConfigParser.parse(config, config.toString());
        } catch (ConfigException e) {
            e.problems().forEach(problems::config);
            return null;
        }
        timings.mark("parse");
        MountLog log = new MountLog(spec.name(), level, System.err, ring);
        if (services != null) {
            log.quietRequestsUnder(MagicFolder.NAME);
        }
        notice.step("loading plugins");
        KindRegistry kinds;
        List<Path> pluginFolders = options.pluginFolders(spec.pluginsDirectory());
        try {
            kinds = KindRegistry.load(pluginFolders);
        } catch (PluginLoadException e) {
            e.problems().forEach(problems::plugins);
            return null;
        }
        timings.mark("plugins");
        notice.step(String.format(java.util.Locale.ROOT, "building %,d files", spec.files().size()));
        try {
            AssembledMount mount = services == null ? MountAssembler.assemble(spec, kinds, log, checkOnly)
                    : MountAssembler.assemble(spec, kinds, log, services.make(spec, kinds, log));
            timings.mark("files");
            return new Loaded(Summary.of(spec), kinds, pluginFolders, mount, log);
        } catch (ConfigException e) {
            e.problems().forEach(problems::config);
            kinds.close();
            return null;
        }
    }
}
