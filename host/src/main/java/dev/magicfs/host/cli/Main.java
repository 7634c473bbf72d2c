package dev.magicfs.host.cli;

import picocli.CommandLine;

/** Entry point of the {@code magicfs} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new MagicFsCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
