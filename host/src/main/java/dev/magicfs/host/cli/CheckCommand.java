package dev.magicfs.host.cli;

import dev.magicfs.host.log.MountLog;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Validate mount.yaml against the installed kinds; print every problem as FILE:LINE:COL: message.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, defaultValue = "mount.yaml", description = "the mount.yaml to check (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--plugins", description = "the plugins folder (default: mount.yaml's 'plugins')")
    Path plugins;

    @Override
    public Integer call() {
        try (MountLoader.Loaded loaded = MountLoader.load(config, plugins, MountLog.Level.QUIET, spec.commandLine().getErr())) {
            if (loaded == null) {
                return 1;
            }
            var kinds = new TreeSet<String>();
            loaded.spec().files().forEach(f -> kinds.add(f.kind()));
            spec.commandLine().getOut().println(config + ": OK, " + loaded.spec().files().size() + " files (kinds: " + String.join(", ", kinds) + ")");
            return 0;
        }
    }
}
