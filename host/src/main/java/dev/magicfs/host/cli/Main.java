package dev.magicfs.host.cli;

import dev.magicfs.host.fuse.FuseSession;
import picocli.CommandLine;

/** Entry point of the {@code magicfs} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        StartupTimings.get(); // starts its clock
        // Scripts ask for the version often; building the command line's model costs more than the answer.
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(VersionLine.text());
            return;
        }
        if (args.length > 0 && args[0].equals("mount")) {
            FuseSession.bindInBackground(); // while the command line and mount.yaml are read
        }
        int status = commandLine().execute(args);
        if (AotTraining.requested()) {
            AotTraining.loadWhatAMountLoads();
        }
        System.exit(status);
    }

    static CommandLine commandLine() {
        return new CommandLine(new MagicFsCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
