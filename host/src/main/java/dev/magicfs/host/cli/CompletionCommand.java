package dev.magicfs.host.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints a shell completion script made by picocli from the same command definitions that parse the command
 * line, so completion never lags behind a new option. The script serves both shells: under zsh it loads
 * bashcompinit itself.
 */
@Command(mixinStandardHelpOptions = true, name = "completion",
        description = "Print a completion script for bash or zsh: source <(magicfs completion bash)")
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh (the script is the same)")
    Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("magicfs", spec.root().commandLine()));
        spec.commandLine().getOut().flush(); // picocli flushes at println only
        return 0;
    }
}
