package dev.magicfs.host.cli;

import dev.magicfs.host.log.MountLog;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "check", description = "Validate mount.yaml against the installed kinds; print every problem as FILE:LINE:COL: message.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        try (MountLoader.Loaded loaded = MountLoader.load(options, MountLog.Level.QUIET, spec.commandLine().getErr())) {
            if (loaded == null) {
                return 1;
            }
            var kinds = new TreeSet<String>();
            loaded.spec().files().forEach(f -> kinds.add(f.kind()));
            spec.commandLine().getOut().println(options.config() + ": OK, " + loaded.spec().files().size() + " files (kinds: " + String.join(", ", kinds) + ")");
            return 0;
        }
    }
}
