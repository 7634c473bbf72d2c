package dev.magicfs.host.cli;

import dev.magicfs.host.log.MountLog;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "check", description = "Validate mount.yaml against the installed kinds; print every problem as FILE:LINE:COL: message.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print the verdict as JSON on stdout: ok, files and kinds, or each problem with its file, line and column.")
    boolean json;

    @Override
    public Integer call() {
        ProblemReport.Kept kept = new ProblemReport.Kept();
        ProblemReport problems = json ? kept : ProblemReport.printedTo(spec.commandLine().getErr());
        try (MountLoader.Loaded loaded = MountLoader.load(options, MountLog.Level.QUIET, problems, true)) {
            String config = options.config().toString();
            if (loaded == null) {
                if (json) {
                    JsonOutput.print(spec.commandLine().getOut(), new JsonOutput.Check(config, false, null, null, kept.problems));
                }
                return 1;
            }
            MountLoader.Summary summary = loaded.summary();
            if (json) {
                JsonOutput.print(spec.commandLine().getOut(), new JsonOutput.Check(config, true, summary.files(),
                        List.copyOf(summary.kindsUsed()), List.of()));
            } else {
                spec.commandLine().getOut().println(config + ": OK, " + summary.files() + " files (kinds: "
                        + String.join(", ", summary.kindsUsed()) + ")");
            }
            StartupTimings.get().printIfAsked();
            return 0;
        }
    }
}
