package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.FileType;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;

/**
 * {@code kind: writable-dir}: a directory tree users change with ordinary tools (create, mkdir, rename,
 * unlink, links, symbolic links, chmod). In memory by default, counted against the mount's memory_limit; with
 * {@code persist: FOLDER}, kept in that folder (an SQLite database of names and metadata, a data file per
 * file), so it survives restarts and crashes. {@code max_size} bounds each file, {@code max_files} the names.
 * With {@code from: FOLDER} the tree starts as a copy-on-write view of that folder, which is never written: at
 * every mount for a tree in memory, once for a new store. The tree's root belongs to the user who mounted.
 */
@Extension
public final class WritableDirKind implements FileKind {
    static final String MAX_SIZE = "max_size";
    static final String MAX_FILES = "max_files";
    static final String PERSIST = "persist";
    static final String FROM = "from";
    static final long DEFAULT_MAX_SIZE = 64L << 20;
    static final long DEFAULT_PERSISTED_MAX_SIZE = 1L << 50;
    static final long DEFAULT_MAX_FILES = 1_000_000;

    /** The stores in use by this mount's trees: two trees in one store would overwrite each other. */
    private final Map<Path, Object> stores = new ConcurrentHashMap<>();
    /** Trees with a load left, until the mount serves; null after that. */
    private List<DirTree> waiting = new ArrayList<>();

    @Override
    public String name() {
        return "writable-dir";
    }

    @Override
    public Set<String> keys() {
        return Set.of(MAX_SIZE, MAX_FILES, PERSIST, FROM);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        Path store = storeFolder(spec, null);
        Path from = fromFolder(spec);
        long maxSize = spec.size(MAX_SIZE, store == null ? DEFAULT_MAX_SIZE : DEFAULT_PERSISTED_MAX_SIZE);
        long maxFiles = maxFiles(spec);
        DirTree tree = new DirTree(spec.memoryBudget(), maxFiles, maxSize, store == null ? null : store.resolve("data"), log);
        Instant now = Instant.now();
        Integer mode = spec.modeBits();
        TreeDirectory root = new TreeDirectory(tree, TreeDirectory.ROOT_ID,
                new Metadata(FileType.DIRECTORY, mode != null ? mode : 0755, owner("unix:uid"), owner("unix:gid"), 0, now, now, now));
        if (store != null) {
            tree.loadOnFirstUse(() -> {
                SqliteStore.open(store, root, from);
                if (mode != null && root.metadata().mode() != mode) { // mount.yaml's mode wins over the stored one
                    root.metadata(root.metadata().withMode(mode, Instant.now()));
                }
            });
        } else if (from != null) {
            tree.loadOnFirstUse(() -> log.info("starts as a view of " + from + ": " + FolderImport.into(root, from) + " names"));
        }
        tree.from = from;
        if ((store != null || from != null) && !spec.checkOnly()) {
            loadSoon(tree);
        }
        return root;
    }

    /** Opens the stores and copies the from: folders of the mount's start while it serves its first requests. */
    @Override
    public void serving() {
        List<DirTree> trees;
        synchronized (this) {
            trees = waiting;
            waiting = null;
        }
        if (trees != null) {
            trees.forEach(DirTree::preload);
        }
    }

    /**
     * A tree of the mount's start loads once the mount serves: a mount may yet be refused (its mount point is
     * not empty, say), and should leave no new store behind. A tree a reload adds loads at its first use: the
     * reload may yet be refused, and a loaded tree holds its store's lock.
     */
    private synchronized void loadSoon(DirTree tree) {
        if (waiting != null) {
            waiting.add(tree);
        }
    }

    /**
     * An edit of the spec keeps the tree, its content and its inodes; new bounds apply from now on. A tree
     * cannot move between memory and a store, or to another store, while mounted.
     */
    @Override
    public Node recreate(FileSpec spec, FileLog log, Node previous) throws SpecException {
        if (!(previous instanceof TreeDirectory root)) {
            return null;
        }
        Path store = storeFolder(spec, root);
        Path was = root.tree.dataFolder() == null ? null : root.tree.dataFolder().getParent();
        if (!Objects.equals(store, was)) {
            throw new SpecException(PERSIST, "'persist' of a mounted writable-dir cannot change (it is "
                    + (was == null ? "in memory" : was) + "); unmount to move the tree");
        }
        Path from = fromFolder(spec);
        if (!Objects.equals(from, root.tree.from)) {
            throw new SpecException(FROM, "'from' of a mounted writable-dir cannot change (it is "
                    + (root.tree.from == null ? "not set" : root.tree.from) + "); unmount to start the tree anew");
        }
        root.tree.bounds(maxFiles(spec), spec.size(MAX_SIZE, store == null ? DEFAULT_MAX_SIZE : DEFAULT_PERSISTED_MAX_SIZE));
        return root;
    }

    private static long maxFiles(FileSpec spec) throws SpecException {
        long maxFiles = spec.size(MAX_FILES, DEFAULT_MAX_FILES);
        if (maxFiles < 1) {
            throw new SpecException(MAX_FILES, "max_files must be at least 1");
        }
        return maxFiles;
    }

    /**
     * The store folder, checked without writing anything (this runs for {@code magicfs check} too): a damaged
     * store, one of another format, or one another mount holds is refused here, with its path.
     */
    private Path storeFolder(FileSpec spec, TreeDirectory mounted) throws SpecException {
        String name = spec.text(PERSIST);
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            throw new SpecException(PERSIST, "persist names a folder to keep the tree in, such as box.store");
        }
        Path folder = spec.baseDirectory().resolve(name).toAbsolutePath().normalize();
        if (folder.getParent() == null || !Files.isDirectory(folder.getParent())) {
            throw new SpecException(PERSIST, "folder not found for the store: " + folder.getParent());
        }
        SqliteLibrary.cacheIn(spec.cacheFolder());
        Object holder = stores.putIfAbsent(folder, spec.path());
        if (holder != null && !holder.equals(spec.path())) {
            throw new SpecException(PERSIST, "another writable-dir already keeps its tree in " + folder);
        }
        if (mounted != null) {
            return folder; // this mount holds the store's lock itself
        }
        String problem = StoreFolder.problem(folder, spec.checkOnly());
        if (problem != null) {
            stores.remove(folder, spec.path());
            throw new SpecException(PERSIST, problem + "; magicfs will not write to it");
        }
        return folder;
    }

    /** The from: folder, which must exist when the spec is checked. */
    private static Path fromFolder(FileSpec spec) throws SpecException {
        String name = spec.text(FROM);
        if (name == null) {
            return null;
        }
        Path folder = spec.baseDirectory().resolve(name).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new SpecException(FROM, "from names a folder to start the tree from; not a folder: " + folder);
        }
        return folder;
    }

    /** The mounting process's own uid or gid, which the tree's root belongs to. */
    private static int owner(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
