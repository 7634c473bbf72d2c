package dev.magicfs.host.reload;

import dev.magicfs.api.Node;
import dev.magicfs.host.assembly.AssembledMount;
import dev.magicfs.host.assembly.FileRecord;
import dev.magicfs.host.assembly.MountAssembler;
import dev.magicfs.host.config.ConfigException;
import dev.magicfs.host.config.MountConfigParser;
import dev.magicfs.host.config.MountSpec;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.plugins.KindRegistry;
import dev.magicfs.host.vfs.KernelCache;
import dev.magicfs.host.vfs.Vfs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Applies an edited mount.yaml to a running mount. One reload at a time, on its own thread (never a request's):
 * <ol>
 *   <li>parse and check the new mount.yaml as {@code magicfs check} does; any problem rejects the whole edit,
 *       logged with its file:line:col, and the running tree stays as it was;</li>
 *   <li>load plugin jars added to the plugins folders;</li>
 *   <li>build the new tree, keeping the inode numbers, nodes and state of files that did not change;</li>
 *   <li>serve it, in one step ({@link Vfs#replaceTree});</li>
 *   <li>make the kernel forget the names and content that changed, and close the nodes that left.</li>
 * </ol>
 */
public final class Reloader implements AutoCloseable {
    private final Path config;
    private final KindRegistry kinds;
    private final Vfs vfs;
    private final KernelCache kernel;
    private final Consumer<Duration> requestTimeout;
    private final MountLog log;
    private final String name;
    private final boolean allowOther;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "magicfs-reload");
        t.setDaemon(true);
        return t;
    });
    private volatile AssembledMount current;

    /**
     * @param mounted the tree being served, as mount.yaml built it
     * @param name the file system name and {@code allow_other} of the mount, which only a new mount can change
     * @param requestTimeout takes a new request_timeout
     */
    public Reloader(Path config, KindRegistry kinds, Vfs vfs, AssembledMount mounted, KernelCache kernel,
            Consumer<Duration> requestTimeout, String name, boolean allowOther, MountLog log) {
        this.config = config;
        this.kinds = kinds;
        this.vfs = vfs;
        this.current = mounted;
        this.kernel = kernel;
        this.requestTimeout = requestTimeout;
        this.name = name;
        this.allowOther = allowOther;
        this.log = log;
    }

    /** The tree served now, as mount.yaml built it. */
    public AssembledMount current() {
        return current;
    }

    /** The local files the served tree is built from, besides mount.yaml. */
    Set<Path> sources() {
        return current.sources();
    }

    Path config() {
        return config;
    }

    /** Reloads on the reload thread, after the reloads already asked for. */
    public void reloadSoon(String why) {
        thread.execute(() -> reload(why));
    }

    /**
     * Reloads on the reload thread, after the reloads already asked for, and waits for it.
     *
     * @return null when the edit was applied (or there was none), else why it was rejected
     */
    public String reloadAndWait(String why) throws InterruptedException {
        try {
            return thread.submit(() -> reload(why)).get();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }

    /**
     * Reloads now, on the calling thread.
     *
     * @return null when the edit was applied (or there was none), else why it was rejected, as logged
     */
    synchronized String reload(String why) {
        log.debug("RELOAD " + why);
        MountSpec spec;
        try {
            spec = MountConfigParser.parse(config, config.toString());
        } catch (ConfigException e) {
            return rejected(e);
        }
        AssembledMount before = current;
        Set<String> inUse = new HashSet<>();
        before.files().values().forEach(f -> inUse.add(f.kind()));
        kinds.refresh(inUse).forEach(message -> log.info("RELOAD plugins: " + message));
        AssembledMount after;
        try {
            after = MountAssembler.assemble(spec, kinds, log, before);
        } catch (ConfigException e) {
            return rejected(e);
        } catch (RuntimeException e) {
            log.error("RELOAD rejected: " + config + ": " + e);
            return config + ": " + e;
        }
        vfs.replaceTree(after.table());
        vfs.maxOpenFiles(spec.limits().maxOpenFiles());
        requestTimeout.accept(spec.limits().requestTimeout());
        current = after;
        TreeChanges changes = TreeChanges.between(before.table(), after.table(), kernel);
        closeLeft(before, after);
        if (!spec.name().equals(name) || spec.allowOther() != allowOther) {
            log.info("RELOAD: 'name' and 'allow_other' take effect at the next mount");
        }
        if (!changes.isEmpty()) {
            log.info("RELOAD " + config.getFileName() + ": " + changes);
        } else {
            log.debug("RELOAD " + config.getFileName() + ": no file changed");
        }
        return null;
    }

    /** Logs every problem of a rejected edit; returns them in one line. */
    private String rejected(ConfigException e) {
        e.problems().forEach(p -> log.error("RELOAD rejected: " + p));
        return String.join("; ", e.problems().stream().map(String::valueOf).toList());
    }

    /** Closes the nodes of {@code before} that {@code after} does not serve: removed, or rebuilt. */
    private void closeLeft(AssembledMount before, AssembledMount after) {
        before.files().forEach((path, old) -> {
            FileRecord now = after.files().get(path);
            Node node = old.node();
            if ((now == null || now.node() != node) && node instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.error("RELOAD: closing the old " + path + " failed: " + e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
