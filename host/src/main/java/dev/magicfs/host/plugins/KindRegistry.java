package dev.magicfs.host.plugins;

import dev.magicfs.api.ApiVersion;
import dev.magicfs.api.FileKind;
import dev.magicfs.host.log.MountLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/** The kinds found in one plugins folder, by name. Close it to stop the plugins. */
public final class KindRegistry implements AutoCloseable {

    /** A kind and the plugin that provides it. */
    public record LoadedKind(FileKind kind, String pluginId, String pluginVersion, Path jar) {}

    private static final String NOT_A_PLUGIN = "not a magicfs plugin (its manifest needs Plugin-Id and Plugin-Version)";

    private final Manager manager;
    private final List<Path> folders;
    private final Map<String, LoadedKind> kinds;
    /** Each loaded jar's size and modification time at load, to notice a jar replaced while mounted. */
    private final Map<Path, String> stamps = new HashMap<>();

    private KindRegistry(Manager manager, List<Path> folders, Map<String, LoadedKind> kinds) {
        this.manager = manager;
        this.folders = folders;
        this.kinds = new ConcurrentSkipListMap<>(kinds);
        manager.getPlugins().forEach(p -> stamps.put(normalized(p.getPluginPath()), stamp(p.getPluginPath())));
    }

    /**
     * Loads and starts every plugin jar in {@code folders} (a folder named twice is read once); all problems
     * are reported together.
     */
    public static KindRegistry load(List<Path> folders) throws PluginLoadException {
        if (folders.isEmpty()) {
            throw new PluginLoadException(List.of("no plugins folder: start magicfs with its launcher, which loads "
                    + "the built-in kinds, or pass --plugins DIR"));
        }
        List<String> problems = new ArrayList<>();
        Set<Path> distinct = new LinkedHashSet<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                problems.add("plugins folder not found: " + folder);
                continue;
            }
            try {
                distinct.add(folder.toRealPath());
            } catch (IOException e) {
                problems.add(folder + ": cannot read the plugins folder: " + e);
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginLoadException(problems);
        }
        Manager manager = new Manager(List.copyOf(distinct));
        manager.loadPlugins();
        distinct.forEach(folder -> reportJarsNotLoaded(folder, manager, problems));
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() == PluginState.DISABLED) {
                problems.add(plugin.getPluginPath() + ": plugin '" + plugin.getPluginId() + "' "
                        + plugin.getDescriptor().getVersion() + " requires magicfs plugin API '"
                        + plugin.getDescriptor().getRequires() + "', but this magicfs provides " + ApiVersion.current());
            }
        }
        manager.startPlugins();
        Map<String, LoadedKind> kinds = new TreeMap<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() == PluginState.FAILED) {
                problems.add(plugin.getPluginPath() + ": plugin '" + plugin.getPluginId() + "' failed to start: "
                        + plugin.getFailedException());
                continue;
            }
            if (plugin.getPluginState() != PluginState.STARTED) {
                continue;
            }
            List<FileKind> provided = manager.getExtensions(FileKind.class, plugin.getPluginId());
            if (provided.isEmpty()) {
                problems.add(plugin.getPluginPath() + ": plugin '" + plugin.getPluginId() + "' provides no kind "
                        + "(its META-INF/extensions.idx lists no FileKind; on JDK 23+ compile it with <proc>full</proc>)");
            }
            for (FileKind kind : provided) {
                LoadedKind loaded = new LoadedKind(kind, plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                        plugin.getPluginPath());
                LoadedKind earlier = kinds.putIfAbsent(kind.name(), loaded);
                if (earlier != null) {
                    problems.add("kind '" + kind.name() + "' is provided twice: by plugin '" + earlier.pluginId()
                            + "' (" + earlier.jar() + ") and by plugin '" + loaded.pluginId() + "' (" + loaded.jar()
                            + "); remove one of the jars");
                }
            }
        }
        KindRegistry registry = new KindRegistry(manager, List.copyOf(distinct), kinds);
        if (!problems.isEmpty()) {
            registry.close();
            throw new PluginLoadException(problems);
        }
        return registry;
    }

    private static void reportJarsNotLoaded(Path folder, Manager manager, List<String> problems) {
        Set<Path> loaded = new HashSet<>();
        manager.getPlugins().forEach(p -> loaded.add(p.getPluginPath().toAbsolutePath().normalize()));
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !loaded.contains(p.toAbsolutePath().normalize()))
                    .sorted()
                    .forEach(p -> problems.add(p + ": " + manager.failures.getOrDefault(p.toAbsolutePath().normalize(), NOT_A_PLUGIN)));
        } catch (IOException e) {
            problems.add(folder + ": cannot list the plugins folder: " + e);
        }
    }

    /**
     * Looks at the plugins folders again, while mounted: a jar added since is loaded and started, and its kinds
     * can be used from now on. A jar removed or replaced is not unloaded: files of the running tree may use its
     * classes. Each message says what happened, for the log.
     *
     * @param inUse the kinds the running tree uses
     */
    public synchronized List<String> refresh(Set<String> inUse) {
        List<String> messages = new ArrayList<>();
        Set<Path> present = new HashSet<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> present.add(normalized(p)));
            } catch (IOException e) {
                messages.add(folder + ": cannot list the plugins folder: " + e);
            }
        }
        for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
            Path jar = normalized(plugin.getPluginPath());
            boolean removed = !present.contains(jar);
            if (removed || !stamp(jar).equals(stamps.get(jar))) {
                List<String> used = kinds.values().stream().filter(k -> k.pluginId().equals(plugin.getPluginId()))
                        .map(k -> k.kind().name()).filter(inUse::contains).toList();
                messages.add(jar + " was " + (removed ? "removed" : "replaced") + " while mounted; plugin '"
                        + plugin.getPluginId() + "' stays loaded as it was" + (used.isEmpty() ? "" : ", its kinds "
                        + used + " serve files") + ". Restart magicfs to use the plugins folder as it is now");
                stamps.put(jar, stamp(jar)); // said once
            }
        }
        for (Path jar : present) {
            if (!stamps.containsKey(jar)) {
                messages.add(loadAdded(jar));
            }
        }
        return messages;
    }

    /** Loads and starts a jar that appeared in a plugins folder while mounted. */
    private String loadAdded(Path jar) {
        stamps.put(jar, stamp(jar));
        String id;
        try {
            id = manager.loadPlugin(jar);
        } catch (RuntimeException e) { // PF4J fails on the null our loadPluginFromPath returns for a bad jar
            id = null;
        }
        if (id == null) {
            return jar + ": " + manager.failures.getOrDefault(jar, NOT_A_PLUGIN);
        }
        if (manager.startPlugin(id) != PluginState.STARTED) {
            return jar + ": plugin '" + id + "' could not be started";
        }
        List<String> added = new ArrayList<>();
        for (FileKind kind : manager.getExtensions(FileKind.class, id)) {
            LoadedKind loaded = new LoadedKind(kind, id, manager.getPlugin(id).getDescriptor().getVersion(), jar);
            LoadedKind earlier = kinds.putIfAbsent(kind.name(), loaded);
            if (earlier == null) {
                added.add(kind.name());
            } else {
                return jar + ": kind '" + kind.name() + "' is provided already by plugin '" + earlier.pluginId() + "'; not added";
            }
        }
        return jar + ": plugin '" + id + "' loaded while mounted; new kinds: " + added;
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static String stamp(Path jar) {
        try {
            return Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "gone";
        }
    }

    public Optional<LoadedKind> find(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    /** Every kind, by name. */
    public Collection<LoadedKind> all() {
        return kinds.values();
    }

    public Set<String> names() {
        return kinds.keySet();
    }

    /** A table of the kinds, a line each, as {@code magicfs kinds} prints it. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format("%-20s %-20s %-10s %s%n", "KIND", "PLUGIN", "VERSION", "JAR"));
        for (LoadedKind k : kinds.values()) {
            out.append(String.format("%-20s %-20s %-10s %s%n", k.kind().name(), k.pluginId(), k.pluginVersion(), k.jar()));
        }
        return out.toString();
    }

    /**
     * Tells every kind the mount serves ({@link FileKind#serving}), each on a virtual thread of its own, so one
     * slow or failing kind delays nothing else.
     */
    public void serving(MountLog log) {
        for (LoadedKind loaded : kinds.values()) {
            Thread.ofVirtual().name("magicfs-serving-" + loaded.kind().name()).start(() -> {
                try {
                    loaded.kind().serving();
                } catch (RuntimeException | LinkageError e) {
                    log.error("kind " + loaded.kind().name() + " (plugin " + loaded.pluginId() + ") failed to prepare: " + e);
                }
            });
        }
    }

    /** Stops the plugins one by one: PF4J's stopPlugins() can throw ConcurrentModificationException (pf4j#656). */
    @Override
    public void close() {
        for (PluginWrapper plugin : List.copyOf(manager.getStartedPlugins())) {
            try {
                manager.stopPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                System.err.println("[magicfs] ERROR stopping plugin '" + plugin.getPluginId() + "': " + e);
            }
        }
    }

    /** Jar plugins only (a jar needs no Plugin-Class: PF4J then uses its plain Plugin), checked against this API's version. */
    private static final class Manager extends JarPluginManager {
        /** Why a jar could not be loaded, by its absolute path. */
        final Map<Path, String> failures = new HashMap<>();

        Manager(List<Path> folders) {
            super(folders.toArray(Path[]::new));
            setSystemVersion(ApiVersion.current());
        }

        /**
         * PF4J lets some failures of one jar (a jar without manifest gives a NullPointerException) escape and
         * abort loading every other jar. Each jar's failure is kept here instead, and reported with its path.
         */
        @Override
        protected PluginWrapper loadPluginFromPath(Path path) {
            try {
                return super.loadPluginFromPath(path);
            } catch (RuntimeException e) {
                String reason = e instanceof PluginRuntimeException && e.getMessage() != null && e.getMessage().contains("same id")
                        ? "another jar has the same Plugin-Id; remove one of them"
                        : NOT_A_PLUGIN + ": " + e.getMessage();
                failures.put(path.toAbsolutePath().normalize(), reason);
                return null; // PF4J's loadPlugins() ignores the result; the failure is reported by load()
            }
        }
    }
}
