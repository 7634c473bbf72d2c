package dev.magicfs.host.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "man",
        description = "Print the magicfs(1) manual page in roff: magicfs man | man -l -, or save it as man1/magicfs.1")
final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ManPage.of(spec.root()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
