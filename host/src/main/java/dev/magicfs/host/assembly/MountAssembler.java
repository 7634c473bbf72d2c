package dev.magicfs.host.assembly;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.ContentCache;
import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import dev.magicfs.api.TextPosition;
import dev.magicfs.host.config.ConfigException;
import dev.magicfs.host.config.ConfigKeys;
import dev.magicfs.host.config.ConfigProblem;
import dev.magicfs.host.config.FileEntry;
import dev.magicfs.host.config.MountSpec;
import dev.magicfs.host.config.Position;
import dev.magicfs.host.config.Suggestions;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.memory.LruContentCache;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.plugins.KindRegistry;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.tree.StaticDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the inode tree of a mount; every file's problems are reported together. */
public final class MountAssembler {
    private MountAssembler() {}

    /** Checks every file against its kind and builds the tree, numbered in mount.yaml's order from 2. */
    public static AssembledMount assemble(MountSpec spec, KindRegistry kinds, MountLog log) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<FileEntry, Built> built = new LinkedHashMap<>();
        MemoryAccount memory = new MemoryAccount(spec.limits().memoryLimit());
        ContentCache cache = new LruContentCache(spec.limits().cacheLimit());
        for (FileEntry entry : spec.files()) {
            Built b = build(entry, new BudgetedSpec(entry, memory, cache), spec, kinds, log, problems);
            if (b != null) {
                built.put(entry, b);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        StaticDirectory rootDirectory = new StaticDirectory();
        InodeTable table = new InodeTable(rootDirectory, spec.defaults());
        Map<String, Inode> directories = new HashMap<>();
        directories.put("", table.root());
        built.forEach((entry, b) -> {
            Inode parent = directoryFor(parentOf(entry.path()), table, directories, spec.defaults());
            ((StaticDirectory) parent.node()).add(nameOf(entry.path()), b.node);
            table.addPinned(parent, nameOf(entry.path()), b.node, b.permissions, b.cachePolicy);
        });
        directories.values().forEach(d -> ((StaticDirectory) d.node()).seal());
        return new AssembledMount(table, memory, spec.limits());
    }

    private record Built(Node node, int permissions, CachePolicy cachePolicy) {}

    private static Built build(FileEntry entry, FileSpec fileSpec, MountSpec spec, KindRegistry kinds, MountLog log, List<ConfigProblem> problems) {
        var loaded = kinds.find(entry.kind());
        if (loaded.isEmpty()) {
            problems.add(problem(spec, entry.kindPosition(), "unknown kind '" + entry.kind() + "'"
                    + Suggestions.didYouMean(entry.kind(), kinds.names()) + "; installed kinds: " + kinds.names()));
            return null;
        }
        FileKind kind = loaded.get().kind();
        Set<String> allowed = new TreeSet<>(kind.keys());
        boolean keysOk = true;
        for (String key : entry.keys()) {
            if (!allowed.contains(key)) {
                Set<String> all = new TreeSet<>(allowed);
                all.addAll(ConfigKeys.COMMON_FILE_KEYS);
                problems.add(problem(spec, entry.positionOf(key), "unknown key '" + key + "' for kind '" + kind.name()
                        + "'" + Suggestions.didYouMean(key, all) + "; expected one of " + all));
                keysOk = false;
            }
        }
        if (!keysOk) {
            return null;
        }
        Node node;
        try {
            node = kind.create(fileSpec, log.forFile(entry.path()));
        } catch (SpecException e) {
            problems.add(problem(spec, entry, e));
            return null;
        } catch (RuntimeException e) {
            problems.add(problem(spec, entry.kindPosition(), "kind '" + kind.name() + "' (plugin '"
                    + loaded.get().pluginId() + "') failed on this spec: " + e));
            return null;
        }
        if (node == null) {
            problems.add(problem(spec, entry.kindPosition(), "kind '" + kind.name() + "' built no file from this spec"));
            return null;
        }
        int permissions = entry.mode() != null ? entry.mode() : InodeTable.defaultPermissions(node);
        CachePolicy policy = entry.cachePolicy().orElse(kind.cachePolicy()).orElse(spec.defaults());
        return new Built(node, permissions, policy);
    }

    private static Inode directoryFor(String path, InodeTable table, Map<String, Inode> directories, CachePolicy policy) {
        Inode known = directories.get(path);
        if (known != null) {
            return known;
        }
        Inode parent = directoryFor(parentOf(path), table, directories, policy);
        StaticDirectory directory = new StaticDirectory();
        ((StaticDirectory) parent.node()).add(nameOf(path), directory);
        Inode inode = table.addPinned(parent, nameOf(path), directory, 0755, policy);
        directories.put(path, inode);
        return inode;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * A kind's complaint, placed where the user must edit: the key, a place inside the key's text (an inline
     * script, mapped to mount.yaml's line), or a place in a file the key names (a script file).
     */
    private static ConfigProblem problem(MountSpec spec, FileEntry entry, SpecException e) {
        TextPosition at = e.position();
        if (at == null) {
            return problem(spec, entry.positionOf(e.key()), e.getMessage());
        }
        if (at.file() != null) {
            return new ConfigProblem(shownPath(spec, at.file()), new Position(at.line(), at.column()),
                    e.getMessage() + " (script of '" + entry.path() + "')");
        }
        Position inYaml = entry.positionIn(e.key(), at.line(), at.column());
        return inYaml != null
                ? problem(spec, inYaml, e.getMessage())
                : problem(spec, entry.positionOf(e.key()), e.getMessage() + " (at line " + at.line() + ", column "
                        + at.column() + " of '" + e.key() + "')");
    }

    /** A file next to mount.yaml, named as the user would: relative to where they named mount.yaml from. */
    private static String shownPath(MountSpec spec, Path file) {
        Path base = spec.configFile().toAbsolutePath().getParent();
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(base)) {
            return absolute.toString();
        }
        Path shownBase = Path.of(spec.displayName()).getParent();
        Path relative = base.relativize(absolute);
        return (shownBase == null ? relative : shownBase.resolve(relative)).toString();
    }

    private static ConfigProblem problem(MountSpec spec, Position at, String message) {
        return new ConfigProblem(spec.displayName(), at, message);
    }
}
