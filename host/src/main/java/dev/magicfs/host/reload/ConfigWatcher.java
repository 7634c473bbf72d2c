package dev.magicfs.host.reload;

import dev.magicfs.host.log.MountLog;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches mount.yaml, the sources its files name, and the plugins folders, and asks for a reload once a burst
 * of saves has settled ({@link #QUIET_MILLIS} without another change), so an editor's write-rename-chmod or a
 * script saving fifty times reloads once or twice, not fifty times. Uses the file system's notifications
 * (inotify); where they cannot be had, it compares the files' sizes and times every {@link #POLL_MILLIS} ms.
 */
public final class ConfigWatcher implements AutoCloseable {
    static final long QUIET_MILLIS = 200;
    static final long POLL_MILLIS = 500;

    private final Reloader reloader;
    private final List<Path> pluginFolders;
    private final MountLog log;
    private final Thread thread;
    private volatile boolean closed;
    private WatchService service;

    private ConfigWatcher(Reloader reloader, List<Path> pluginFolders, MountLog log) {
        this.reloader = reloader;
        this.pluginFolders = pluginFolders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.log = log;
        this.thread = new Thread(this::run, "magicfs-watch");
        this.thread.setDaemon(true);
    }

    /** Starts watching for {@code reloader}; {@code pluginFolders} are watched for added or replaced jars. */
    public static ConfigWatcher start(Reloader reloader, List<Path> pluginFolders, MountLog log) {
        ConfigWatcher watcher = new ConfigWatcher(reloader, pluginFolders, log);
        try {
            watcher.service = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.info("file notifications unavailable (" + e.getMessage() + "); looking for edits every " + POLL_MILLIS + " ms");
        }
        watcher.thread.start();
        return watcher;
    }

    /** mount.yaml and the sources of the served tree. */
    private Set<Path> watchedFiles() {
        Set<Path> files = new HashSet<>(reloader.sources());
        files.add(reloader.config().toAbsolutePath().normalize());
        return files;
    }

    private boolean matters(Path changed, Set<Path> files) {
        return files.contains(changed)
                || changed.getFileName().toString().endsWith(".jar") && pluginFolders.contains(changed.getParent());
    }

    private void run() {
        try {
            if (service != null) {
                watch();
            } else {
                poll();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.error("watching mount.yaml stopped: " + e + "; 'kill -HUP' still reloads");
            }
        }
    }

    private void watch() throws IOException, InterruptedException {
        Map<Path, WatchKey> keys = new HashMap<>();
        Set<Path> files = watchedFiles();
        register(files, keys);
        long dueAt = 0; // when to reload; 0: no change seen
        while (!closed) {
            long wait = dueAt == 0 ? 1_000 : Math.max(1, dueAt - System.currentTimeMillis());
            WatchKey key = service.poll(wait, TimeUnit.MILLISECONDS);
            if (key != null) {
                Path folder = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW
                            || matters(folder.resolve((Path) event.context()).toAbsolutePath().normalize(), files)) {
                        dueAt = System.currentTimeMillis() + QUIET_MILLIS;
                    }
                }
                key.reset();
            } else if (dueAt != 0 && System.currentTimeMillis() >= dueAt) {
                dueAt = 0;
                reloader.reload("saved");
                files = watchedFiles();
                register(files, keys);
            }
        }
    }

    /** Watches the folder of each file, and each plugins folder; folders already watched are kept. */
    private void register(Set<Path> files, Map<Path, WatchKey> keys) {
        Set<Path> folders = new HashSet<>(pluginFolders);
        files.forEach(f -> folders.add(f.getParent()));
        for (Path folder : folders) {
            if (!keys.containsKey(folder) && Files.isDirectory(folder)) {
                try {
                    keys.put(folder, folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                } catch (IOException e) {
                    log.error("cannot watch " + folder + " for edits: " + e.getMessage());
                }
            }
        }
    }

    private void poll() throws InterruptedException {
        Map<Path, String> seen = stamps();
        while (!closed) {
            Thread.sleep(POLL_MILLIS);
            Map<Path, String> now = stamps();
            if (!now.equals(seen)) {
                Thread.sleep(QUIET_MILLIS);
                reloader.reload("saved");
                now = stamps();
            }
            seen = now;
        }
    }

    /** Size and time of every watched file and plugin jar. */
    private Map<Path, String> stamps() {
        Map<Path, String> stamps = new HashMap<>();
        Set<Path> files = watchedFiles();
        for (Path folder : pluginFolders) {
            try (Stream<Path> jars = Files.list(folder)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).forEach(files::add);
            } catch (IOException e) {
                // a folder that went away: its jars are gone from the stamps
            }
        }
        for (Path file : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.put(file, a.size() + "/" + a.lastModifiedTime().toInstant());
            } catch (IOException e) {
                stamps.put(file, "missing");
            }
        }
        return stamps;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
