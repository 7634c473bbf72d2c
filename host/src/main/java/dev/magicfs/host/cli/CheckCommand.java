package dev.magicfs.host.cli;

import dev.magicfs.host.log.MountLog;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", description = "Validate mount.yaml against the installed kinds; print every problem as FILE:LINE:COL: message.")
final class CheckCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "mount.yaml", description = "the mount.yaml to check (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--plugins", description = "the plugins folder (default: mount.yaml's 'plugins')")
    Path plugins;

    @Override
    public Integer call() {
        try (MountLoader.Loaded loaded = MountLoader.load(config, plugins, MountLog.Level.QUIET, System.err)) {
            if (loaded == null) {
                return 1;
            }
            var kinds = new TreeSet<String>();
            loaded.spec().files().forEach(f -> kinds.add(f.kind()));
            System.out.println(config + ": OK, " + loaded.spec().files().size() + " files (kinds: " + String.join(", ", kinds) + ")");
            return 0;
        }
    }
}
