package dev.magicfs.host.assembly;

import dev.magicfs.api.CachePolicy;
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
import dev.magicfs.host.magic.MagicFolder;
import dev.magicfs.host.memory.LruContentCache;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.plugins.KindRegistry;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.tree.StaticDirectory;
import dev.magicfs.host.vfs.Expiry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the inode tree of a mount; every file's problems are reported together. */
public final class MountAssembler {
    private MountAssembler() {}

    /**
     * Checks every file against its kind and builds the tree, numbered in mount.yaml's order from 2.
     *
     * @param checkOnly for {@code magicfs check}, which mounts nothing ({@link dev.magicfs.api.FileSpec#checkOnly})
     */
    public static AssembledMount assemble(MountSpec spec, KindRegistry kinds, MountLog log, boolean checkOnly) throws ConfigException {
        return assemble(spec, kinds, log, null, checkOnly, MountServices.NONE);
    }

    /**
     * Builds the tree to mount, with {@code services}' files in {@code /.magic} unless mount.yaml says
     * {@code magic_dir: false}.
     */
    public static AssembledMount assemble(MountSpec spec, KindRegistry kinds, MountLog log, MountServices services)
            throws ConfigException {
        return assemble(spec, kinds, log, null, false, services);
    }

    /**
     * Builds the tree of an edited mount.yaml that replaces {@code previous} (null at mount): a file whose path
     * and kind are unchanged keeps its very node if its spec and sources are unchanged too, and otherwise its
     * kind rebuilds it from the previous one ({@link FileKind#recreate}), so state survives; both keep the inode
     * number. A file rebuilt without state to carry gets a new number, like a file saved by an editor. The budget and cache carry over with mount.yaml's new limits. On failure, the nodes built for
     * the new tree are closed and {@code previous} is untouched.
     */
    public static AssembledMount assemble(MountSpec spec, KindRegistry kinds, MountLog log, AssembledMount previous)
            throws ConfigException {
        return assemble(spec, kinds, log, previous, false, previous.services());
    }

    private static AssembledMount assemble(MountSpec spec, KindRegistry kinds, MountLog log, AssembledMount previous,
            boolean checkOnly, MountServices services) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        // In mount.yaml's order. Not a map keyed by the entries: hashing a record hashes its whole spec.
        List<Built> built = new ArrayList<>();
        MemoryAccount memory = previous != null ? previous.memory() : new MemoryAccount(spec.limits().memoryLimit());
        LruContentCache cache = previous != null ? previous.cache() : new LruContentCache(spec.limits().cacheLimit());
        for (FileEntry entry : spec.files()) {
            FileRecord earlier = previous == null ? null : previous.files().get(entry.path());
            Built b = build(entry, new BudgetedSpec(entry, memory, cache, spec.limits().requestTimeout(), checkOnly,
                    services.transfersOf(entry.path())), earlier, spec, kinds, log, problems);
            if (b != null) {
                built.add(b);
            }
        }
        if (!problems.isEmpty()) {
            built.forEach(b -> {
                if (!b.reused) {
                    closeQuietly(b.node);
                }
            });
            throw new ConfigException(problems);
        }
        memory.limit(spec.limits().memoryLimit());
        cache.limit(spec.limits().cacheLimit());
        InodeTable earlierTable = previous == null ? null : previous.table();
        StaticDirectory rootDirectory = new StaticDirectory();
        InodeTable table = earlierTable == null ? new InodeTable(rootDirectory, spec.defaults())
                : new InodeTable(rootDirectory, spec.defaults(), earlierTable);
        Map<String, Inode> directories = new HashMap<>();
        directories.put("", table.root());
        Map<String, FileRecord> files = new HashMap<>();
        Set<Path> sources = new HashSet<>();
        List<Expiry.Rule> expiries = new ArrayList<>();
        built.forEach(b -> {
            FileEntry entry = b.entry;
            Inode parent = directoryFor(parentOf(entry.path()), table, directories, spec.defaults(), earlierTable);
            ((StaticDirectory) parent.node()).add(nameOf(entry.path()), b.node);
            Inode earlier = b.keepsNumber ? earlierTable.find(entry.path()) : null;
            table.addPinned(parent, nameOf(entry.path()), b.node, b.permissions, b.cachePolicy, earlier);
            files.put(entry.path(), new FileRecord(entry.kind(), b.fingerprint, b.node));
            if (entry.expireAfter() != null) {
                expiries.add(new Expiry.Rule(entry.path(), entry.expireAfter().after()));
            }
            for (String key : b.sourceKeys) {
                if (entry.value(key) instanceof String name) {
                    sources.add(entry.baseDirectory().resolve(name).toAbsolutePath().normalize());
                }
            }
        });
        MagicFolder magic = services.magic();
        if (magic != null && spec.magicDir()) {
            addMagicFolder(magic, table, earlierTable);
            magic.inForce(spec.text());
        }
        directories.values().forEach(d -> ((StaticDirectory) d.node()).seal());
        if (earlierTable != null) {
            table.retireFrom(earlierTable);
        }
        return new AssembledMount(table, memory, cache, spec.limits(), files, Set.copyOf(sources), List.copyOf(expiries), services);
    }

    /**
     * @param entry the file's entry in mount.yaml
     * @param reused the previous tree's very node: nothing changed
     * @param keepsNumber same path and kind as a file of the previous tree, and its node or state carried over
     */
    private record Built(FileEntry entry, Node node, int permissions, CachePolicy cachePolicy, long fingerprint, boolean reused,
            boolean keepsNumber, Set<String> sourceKeys) {}

    private static void closeQuietly(Node node) {
        if (node instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // a node built for a tree that is thrown away: nothing depends on it
            }
        }
    }

    private static Built build(FileEntry entry, FileSpec fileSpec, FileRecord earlier, MountSpec spec, KindRegistry kinds,
            MountLog log, List<ConfigProblem> problems) {
        var loaded = kinds.find(entry.kind());
        if (loaded.isEmpty()) {
            problems.add(problem(spec, entry.kindPosition(), "unknown kind '" + entry.kind() + "'"
                    + Suggestions.didYouMean(entry.kind(), kinds.names()) + "; installed kinds: " + kinds.names()));
            return null;
        }
        FileKind kind = loaded.get().kind();
        boolean keysOk = true;
        for (String key : entry.keys()) {
            if (!kind.keys().contains(key)) {
                Set<String> all = new TreeSet<>(kind.keys());
                all.addAll(ConfigKeys.COMMON_FILE_KEYS);
                problems.add(problem(spec, entry.positionOf(key), "unknown key '" + key + "' for kind '" + kind.name()
                        + "'" + Suggestions.didYouMean(key, all) + "; expected one of " + all));
                keysOk = false;
            }
        }
        if (!keysOk) {
            return null;
        }
        long fingerprint = Fingerprint.of(entry, kind.sourceKeys());
        boolean sameKind = earlier != null && earlier.kind().equals(entry.kind());
        boolean reused = sameKind && earlier.fingerprint() == fingerprint;
        Node node;
        boolean carried = reused;
        try {
            node = reused ? earlier.node() : sameKind ? kind.recreate(fileSpec, log.forFile(entry.path()), earlier.node()) : null;
            carried |= node != null;
            if (node == null) {
                node = kind.create(fileSpec, log.forFile(entry.path()));
            }
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
        if (entry.expireAfter() != null && !Expiry.applies(node)) {
            problems.add(problem(spec, entry.expireAfter().position(), "'expire_after' needs a writable file or a writable "
                    + "directory, and kind '" + kind.name() + "' makes neither"));
            if (!reused) {
                closeQuietly(node);
            }
            return null;
        }
        int permissions = entry.mode() != null ? entry.mode()
                : node.mode() != Node.DEFAULT_MODE ? node.mode() & 07777 : InodeTable.defaultPermissions(node);
        CachePolicy policy = entry.cachePolicy().orElse(kind.cachePolicy()).orElse(spec.defaults());
        return new Built(entry, node, permissions, policy, fingerprint, reused, carried, kind.sourceKeys());
    }

    private static Inode directoryFor(String path, InodeTable table, Map<String, Inode> directories, CachePolicy policy,
            InodeTable earlierTable) {
        Inode known = directories.get(path);
        if (known != null) {
            return known;
        }
        Inode parent = directoryFor(parentOf(path), table, directories, policy, earlierTable);
        StaticDirectory directory = new StaticDirectory();
        ((StaticDirectory) parent.node()).add(nameOf(path), directory);
        Inode earlier = earlierTable == null ? null : earlierTable.find(path);
        Inode inode = table.addPinned(parent, nameOf(path), directory, 0755, policy,
                earlier != null && earlier.isDirectory() ? earlier : null);
        directories.put(path, inode);
        return inode;
    }

    /** {@code /.magic}, hidden from the root's listing; its files keep their numbers across reloads. */
    private static void addMagicFolder(MagicFolder magic, InodeTable table, InodeTable earlierTable) {
        StaticDirectory folder = new StaticDirectory();
        ((StaticDirectory) table.root().node()).addHidden(MagicFolder.NAME, folder);
        Inode earlier = earlierTable == null ? null : earlierTable.find(MagicFolder.NAME);
        Inode inode = table.addPinned(table.root(), MagicFolder.NAME, folder, MagicFolder.MODE, MagicFolder.CACHE, earlier);
        magic.files().forEach((name, node) -> {
            folder.add(name, node);
            Inode before = earlier == null ? null : earlierTable.find(MagicFolder.NAME + "/" + name);
            table.addPinned(inode, name, node, node.mode(), MagicFolder.cachePolicy(name), before);
        });
        folder.seal();
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
