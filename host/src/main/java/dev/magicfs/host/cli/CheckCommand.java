package dev.magicfs.host.cli;

import dev.magicfs.host.log.MountLog;
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
        try (MountLoader.Loaded loaded = MountLoader.load(options, MountLog.Level.QUIET, spec.commandLine().getErr(), true)) {
            if (loaded == null) {
                return 1;
            }
            MountLoader.Summary summary = loaded.summary();
            spec.commandLine().getOut().println(options.config() + ": OK, " + summary.files() + " files (kinds: "
                    + String.join(", ", summary.kindsUsed()) + ")");
            StartupTimings.get().printIfAsked();
            return 0;
        }
    }
}
