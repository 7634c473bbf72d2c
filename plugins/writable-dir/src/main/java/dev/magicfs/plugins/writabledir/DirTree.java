package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FsException;
import dev.magicfs.api.MemoryBudget;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.StorageSpace;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code writable-dir} tree: the lock every change of its names takes, so a rename between two of its
 * directories is one step; its bounds; its journal; and where its files keep their bytes (memory, counted
 * against the mount's memory_limit, or a persisted store's data folder).
 */
final class DirTree {
    final Object lock = new Object();
    /** A persisted tree's data files that are open right now. */
    final OpenDataFiles dataFiles = new OpenDataFiles();
    final MemoryBudget budget;
    final FileLog log;
    private volatile long maxFiles;
    private volatile long maxFileSize;
    /** The store's folder of file contents, or null for a tree in memory. */
    private final Path dataFolder;
    private Journal journal = Journal.NONE;
    /** The from: folder the tree started as a view of, or null; set once, before the tree serves. */
    volatile Path from;
    /**
     * Opens a persisted tree's store, or copies a tree's from: folder, at its first use (never at
     * {@code magicfs check}); null once done.
     */
    private Loader loader;
    /** Why the load failed, once it has. */
    private String failedLoad;
    private boolean loading;
    private boolean closed;
    /** Nodes with a name in the tree, besides its root. */
    private long files;
    private long nextId = 2;

    DirTree(MemoryBudget budget, long maxFiles, long maxFileSize, Path dataFolder, FileLog log) {
        this.budget = budget;
        this.maxFiles = maxFiles;
        this.maxFileSize = maxFileSize;
        this.dataFolder = dataFolder;
        this.log = log;
    }

    Journal journal() {
        return journal;
    }

    interface Loader {
        void load() throws Exception;
    }

    void loadOnFirstUse(Loader store) {
        loader = store;
    }

    /**
     * Called under {@link #lock} by every directory operation: the store is open and its tree loaded. A load
     * that failed may have loaded part of the tree, so it is not tried again: the tree answers EIO with the
     * same reason until the next mount.
     */
    void ready() throws FsException {
        if (failedLoad != null) {
            throw new FsException(Errno.EIO, failedLoad);
        }
        if (loader != null && !loading) { // loading: the load itself asks the root for its metadata
            loading = true;
            try {
                loader.load();
                loader = null;
            } catch (Exception e) {
                String why = (dataFolder != null ? "cannot open the store: " : "cannot start the tree from its from: folder: ")
                        + e.getMessage();
                log.error(why + "; the tree stays unavailable until the next mount");
                failedLoad = why;
                throw new FsException(Errno.EIO, why);
            } finally {
                loading = false;
            }
        }
    }

    /** Loads the tree now, ahead of its first use, when it has a load left; a failure stays for that use to report. */
    void preload() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                ready();
            } catch (FsException e) {
                // logged by ready(), and answered to every use of the tree
            }
        }
    }

    /** The tree's root was closed: the mount ended, or a reload dropped the tree; nothing may open its store now. */
    void close() {
        synchronized (lock) {
            closed = true;
            journal.close();
        }
    }

    /** Set once, by the store that loaded the tree, before the tree serves. */
    void journal(Journal store, long highestId, long loadedFiles) {
        journal = store;
        nextId = highestId + 1;
        files = loadedFiles;
    }

    long maxFileSize() {
        return maxFileSize;
    }

    /** New bounds from an edited mount.yaml; what the tree holds already stays. */
    void bounds(long newMaxFiles, long newMaxFileSize) {
        maxFiles = newMaxFiles;
        maxFileSize = newMaxFileSize;
    }

    /** The store's data folder, or null for a tree in memory. */
    Path dataFolder() {
        return dataFolder;
    }

    /**
     * A new node of the right class for {@code metadata}'s type; called under {@link #lock}. {@code origin}:
     * the from: folder's file a regular file shows until its first change, or null.
     */
    TreeNode newNode(long id, Metadata metadata, String linkTarget, Origin origin) throws FsException {
        return switch (metadata.type()) {
            case DIRECTORY -> new TreeDirectory(this, id, metadata);
            case REGULAR -> dataFolder == null ? new InMemoryFile(this, id, metadata, origin)
                    : new OnDiskFile(this, id, metadata, dataFolder.resolve(Long.toString(id)), origin);
            default -> new SpecialNode(this, id, metadata, linkTarget);
        };
    }

    /** Counts one more node, and gives it its number; called under {@link #lock}. */
    long admitOne() throws FsException {
        if (files >= maxFiles) {
            throw new FsException(Errno.ENOSPC, "the tree holds max_files (" + maxFiles + ") already");
        }
        files++;
        return nextId++;
    }

    /** Called under {@link #lock} when a node lost its last name, or its creation failed. */
    void releaseOne() {
        files--;
    }

    /** The tree's bounds and what is left of them, with the disk under a persisted tree's store. */
    StorageSpace.Space space() throws FsException {
        long used = files();
        long freeFiles = Math.max(0, maxFiles - used);
        if (dataFolder == null) {
            return new StorageSpace.Space(-1, -1, used + freeFiles, freeFiles);
        }
        try {
            FileStore disk = Files.getFileStore(dataFolder);
            return new StorageSpace.Space(disk.getTotalSpace(), disk.getUsableSpace(), used + freeFiles, freeFiles);
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot read the free space of " + dataFolder + ": " + e.getMessage());
        }
    }

    /** How many nodes have a name, for statfs. */
    long files() {
        synchronized (lock) {
            return files;
        }
    }
}
