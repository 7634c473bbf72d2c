package dev.magicfs.host.cli;

import dev.magicfs.host.fuse.MountException;
import dev.magicfs.host.fuse.Unmount;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "unmount", description = "Unmount a magicfs mount; the magicfs serving it then ends.")
final class UnmountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "where the mount is")
    Path mountPoint;

    @Option(names = {"-l", "--lazy"}, description = "detach it now even while processes use it; it ends when the last one lets go")
    boolean lazy;

    @Override
    public Integer call() {
        try {
            Unmount.unmount(mountPoint, lazy);
            return 0;
        } catch (MountException e) {
            spec.commandLine().getErr().println("magicfs: " + e.getMessage());
            return 1;
        }
    }
}
