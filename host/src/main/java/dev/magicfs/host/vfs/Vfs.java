package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.api.OpenAware;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Replaceable;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Writable;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The file system's operations on an {@link InodeTable}, each ending in a result or an {@link FsException}. */
public final class Vfs {
    /** The inode number readdir shows for a child not looked up yet, as libfuse does. */
    public static final long UNKNOWN_INODE = 0xffffffffL;
    static final long BLOCK_SIZE = 4096;
    /** The longest name, in bytes, as on Linux's own filesystems; statfs reports it. */
    public static final int MAX_NAME_BYTES = 255;

    /** The tree being served; a reload replaces it whole, and each request reads it once. */
    private volatile InodeTable table;
    private final MemoryAccount memory;
    private final OpenFileLimits openLimits;
    private final InodeAttributes attributes;
    private final ConcurrentHashMap<Long, OpenFile> openFiles = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Opener opener;

    /**
     * @param memory the budget writers' buffers are reserved from, and what df reports
     * @param maxOpenFiles how many files may be open at once, shared fairly among users ({@link OpenFileLimits})
     * @param uid the owner every file shows (the daemon's user)
     * @param gid the group every file shows
     */
    private final Namespace namespace = new Namespace(this);

    private final Instant mountTime;

    public Vfs(InodeTable table, MemoryAccount memory, int maxOpenFiles, Instant mountTime, int uid, int gid) {
        this.mountTime = mountTime;
        this.table = table;
        this.memory = memory;
        this.openLimits = new OpenFileLimits(maxOpenFiles);
        this.opener = new Opener(memory, nextHandle);
        this.attributes = new InodeAttributes(openFiles, memory, mountTime, uid, gid);
    }

    /** The requests that change names, and the others only a changeable tree answers. */
    public Namespace namespace() {
        return namespace;
    }

    public InodeTable table() {
        return table;
    }

    /**
     * Serves {@code next} from now on: every request that starts after this sees the new tree only. Handles
     * opened before keep their inode and node, so they read what they read before.
     */
    public void replaceTree(InodeTable next) {
        table = next;
    }

    /** A new max_open_files, from an edited mount.yaml; files open beyond it stay open. */
    public void maxOpenFiles(int value) {
        openLimits.max(value);
    }

    /** The inode numbered {@code number}; ENOENT when the kernel names one that does not exist. */
    public Inode inode(long number) throws FsException {
        Inode inode = table.get(number);
        if (inode == null) {
            throw new FsException(Errno.ENOENT, "no inode " + number);
        }
        return inode;
    }

    /** The child {@code name} of directory {@code parent}, counted as one kernel lookup. */
    public Inode lookup(long parent, String name, Caller caller) throws FsException {
        InodeTable tree = table;
        Inode directory = directory(tree, parent);
        if (!tree.isCurrent(directory)) {
            throw new FsException(Errno.ENOENT, "the directory was removed from mount.yaml");
        }
        Node child = ((Directory) directory.node()).child(name, caller);
        if (child == null) {
            throw new FsException(Errno.ENOENT, "no such file: " + name);
        }
        return tree.lookedUp(directory, name, child);
    }

    /**
     * READDIRPLUS: {@code entry} of {@code listing} counted as one kernel lookup, or null when the kernel is
     * better left to look it up itself: "." and "..", a name of a tree a reload replaced, a generated file
     * whose size only a generation tells, which a listing must not start for every file, and a file with ttl 0,
     * whose entry and attributes the kernel could not keep past this reply.
     */
    public Inode lookUpListed(DirectoryListing listing, DirectoryListing.Entry entry) {
        InodeTable tree = table;
        if (entry.node() == null || listing.tree() != tree || !tree.isCurrent(listing.directory())) {
            return null;
        }
        Inode inode = tree.lookedUp(listing.directory(), entry.name(), entry.node());
        if (GeneratedContent.statGenerates(inode) || !cachesAnything(inode)) {
            tree.forget(inode.number(), 1);
            return null;
        }
        return inode;
    }

    private static boolean cachesAnything(Inode inode) {
        return !inode.cachePolicy().ttl().isZero();
    }

    public void forget(long number, long lookups) {
        table.forget(number, lookups);
    }

    /**
     * What stat shows for {@code inode}, waiting for a generated file's size if it must
     * ({@link GeneratedContent}).
     */
    public Attributes attributes(Inode inode, Caller caller) {
        return attributes.of(inode, caller);
    }

    /** What a name lookup shows: like {@link #attributes}, but it waits only briefly for a generated file's size. */
    public Attributes attributesForLookup(Inode inode, Caller caller) {
        return attributes.forLookup(inode, caller);
    }

    /** What stat, or fstat of open {@code handle} when not null, shows once known ({@link InodeAttributes#later}). */
    public CompletableFuture<Attributes> attributesLater(Inode inode, Long handle, Caller caller) {
        return attributes.later(inode, handle, caller);
    }

    /** Applies a setattr ({@link InodeAttributes#set}); {@code handle} is that of an ftruncate(2), or null. */
    public Attributes setAttributes(long number, Long handle, AttributeChanges changes, Caller caller) throws FsException {
        return attributes.set(inode(number), handle, changes, caller);
    }

    /**
     * Opens a file. A generated file gets its generation here, once for every read of this open: the one a stat
     * left for it, or a new one, or the one another request is making, which the returned future waits for. A
     * writer of a replaceable file gets its own copy of the content to write into, handed over at fsync or
     * close.
     */
    public CompletableFuture<OpenFile> open(long number, OpenMode mode, Caller caller) throws FsException {
        openLimits.admit(caller.uid());
        CompletableFuture<OpenFile> opened;
        try {
            opened = opener.open(inode(number), mode, caller);
        } catch (FsException | RuntimeException | Error e) {
            openLimits.release(caller.uid());
            throw e;
        }
        if (opened.isDone() && !opened.isCompletedExceptionally()) { // most opens: no generation to wait for
            register(opened.join(), caller);
            return opened;
        }
        return opened.whenComplete((file, failure) -> {
            if (file != null) {
                register(file, caller);
            } else {
                openLimits.release(caller.uid());
            }
        });
    }

    private void register(OpenFile file, Caller caller) {
        file.owner(caller.uid());
        openFiles.put(file.handle(), file);
        if (file.node() instanceof OpenAware aware) {
            aware.opened(file.mode().write());
        }
    }

    /** The end of an open: a file that tracks its opens learns that this one is done. */
    private static void endOpen(OpenFile file, Caller caller) throws FsException {
        if (file.node() instanceof OpenAware aware) {
            aware.closed(file.mode().write(), caller);
        }
    }

    /** A new generation of a {@link Generated} node's content; empty for other nodes. */
    static byte[] generatedOrEmpty(Inode inode, Caller caller) throws FsException {
        return inode.node() instanceof Generated ? GeneratedContent.generate(inode, caller) : new byte[0];
    }

    /** Copies up to {@code into.remaining()} bytes at {@code offset}; returns how many, 0 at the end. */
    public int read(long handle, long offset, ByteBuffer into, Caller caller) throws FsException {
        OpenFile file = openFile(handle);
        if (file.pending() != null) {
            return file.pending().read(offset, into);
        }
        byte[] generated = file.generated();
        if (generated != null) {
            return Readable.copy(generated, generated.length, offset, into);
        }
        if (file.follower() != null) {
            return file.follower().read(offset, into);
        }
        if (file.node() instanceof Readable readable) {
            int room = into.remaining();
            return checkedCount(readable.read(offset, into, caller), room, "read");
        }
        return 0;
    }

    /** A plugin's byte count, which becomes a reply length: outside 0..room it is a bug, and the request fails. */
    static int checkedCount(int count, int room, String what) throws FsException {
        if (count < 0 || count > room) {
            throw new FsException(Errno.EIO, "the plugin's " + what + " returned " + count + " for a buffer of " + room + " bytes");
        }
        return count;
    }

    /** Writes {@code from} at {@code offset}, or at the end for an append-mode open; returns the count written. */
    public int write(long handle, long offset, ByteBuffer from, Caller caller) throws FsException {
        OpenFile file = openFile(handle);
        if (!file.mode().write()) {
            throw new FsException(Errno.EACCES, "not open for writing");
        }
        PendingContent pending = file.pending();
        if (pending != null) {
            return pending.write(file.mode().append() ? pending.size() : offset, from);
        }
        if (!(file.node() instanceof Writable writable)) {
            throw new FsException(Errno.EACCES, "not open for writing");
        }
        long at = file.mode().append() ? writable.size() : offset;
        int length = from.remaining();
        file.wrote();
        int written = checkedCount(writable.write(at, from, caller), length, "write");
        ChangeableTree.contentChanged(writable);
        return written;
    }

    /**
     * close(2) of one file descriptor (there may be several per open, after dup): what a writer wrote goes to
     * its replaceable file now, and the file's refusal is the caller's error.
     */
    public void flush(long handle, Caller caller) throws FsException {
        OpenFile file = openFile(handle);
        if (file.pending() != null) {
            handOver(file, file.pending().takeIfWritten(), caller);
        } else if (file.takeUnsynced() && savesAtClose(file)) {
            sync(file, caller);
        }
    }

    /** fsync(2): like {@link #flush}, and a truncation alone counts as a change; a durable file is saved. */
    public void fsync(long handle, Caller caller) throws FsException {
        OpenFile file = openFile(handle);
        if (file.pending() != null) {
            handOver(file, file.pending().takeIfChanged(), caller);
        } else {
            file.takeUnsynced();
            sync(file, caller);
        }
    }

    /** The last close of an open. Changes not handed over or saved yet go now; a refusal can only be logged. */
    public void release(long handle, Caller caller) throws FsException {
        OpenFile file = openFiles.remove(handle);
        if (file == null) {
            return;
        }
        openLimits.release(file.owner());
        file.closed();
        try {
            if (file.pending() != null) {
                try {
                    if (file.pending().failure() == null) { // the writer was told at its write and its close
                        handOver(file, file.pending().takeIfChanged(), caller);
                    }
                } finally {
                    file.pending().discard();
                }
            } else if (file.takeUnsynced() && savesAtClose(file)) {
                sync(file, caller);
            }
        } finally {
            endOpen(file, caller);
        }
    }

    /**
     * A durable writable file saves at every close of a handle that wrote; a file of a changeable tree, as on
     * a local filesystem, only at fsync.
     */
    private static boolean savesAtClose(OpenFile file) {
        return !(file.node() instanceof MutableNode);
    }

    /** Forgets an open whose reply never reached the opener. */
    public void discard(long handle) {
        OpenFile file = openFiles.remove(handle);
        if (file != null) {
            openLimits.release(file.owner());
            file.closed();
            if (file.pending() != null) {
                file.pending().discard();
            }
            try {
                endOpen(file, new Caller(file.owner(), 0, 0));
            } catch (FsException e) {
                // nobody is left to tell: the writer never learnt it had opened the file
            }
        }
    }

    /** When the mount started: the modification time of files that never say theirs. */
    Instant mountTime() {
        return mountTime;
    }

    /** The nodes open now, by identity. */
    Set<Node> openNodes() {
        Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        openFiles.values().forEach(f -> open.add(f.node()));
        return open;
    }

    /** What this file system holds, for JMX. */
    public VfsStatsMXBean statistics() {
        return new VfsStatistics(openLimits::open, memory);
    }

    private static void sync(OpenFile file, Caller caller) throws FsException {
        if (file.node() instanceof Syncable syncable) {
            syncable.sync(caller);
        }
    }

    private static void handOver(OpenFile file, byte[] content, Caller caller) throws FsException {
        FsException failure = file.pending().failure();
        if (failure != null) {
            throw new FsException(failure.errno(), "a write failed (" + failure.getMessage()
                    + "), so nothing was handed over: the file keeps its content");
        }
        if (content != null) {
            ((Replaceable) file.node()).replace(content, caller);
            file.inode().forgetGeneration();
        }
    }

    private OpenFile openFile(long handle) throws FsException {
        OpenFile file = openFiles.get(handle);
        if (file == null) {
            throw new FsException(Errno.EIO, "unknown file handle " + handle);
        }
        return file;
    }

    /** Lists a directory once, for all readdir calls of this opendir; the caller keeps it until releasedir. */
    public DirectoryListing openDirectory(long number, Caller caller) throws FsException {
        InodeTable tree = table;
        return DirectoryEntries.list(nextHandle.getAndIncrement(), tree, directory(tree, number), caller);
    }

    /** statfs(2) of the mount: see {@link SpaceReport#ofMount}. */
    public FsStats stats() {
        return SpaceReport.ofMount(table, memory);
    }

    /** statfs(2) of inode {@code number}: see {@link SpaceReport#of}. */
    public FsStats stats(long number) throws FsException {
        return SpaceReport.of(table, memory, number);
    }

    /**
     * Ends the mount for the nodes, after the last request: every node that holds resources is closed (a
     * durable file saves what is not saved yet). A failure is returned, never thrown, so every node is closed.
     */
    public List<String> close() {
        List<String> failures = new ArrayList<>();
        for (Inode inode : table.all()) {
            if (inode.node() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    failures.add(inode.path() + ": " + e.getMessage());
                }
            }
        }
        return failures;
    }

    Inode directory(long number) throws FsException {
        return directory(table, number);
    }

    private static Inode directory(InodeTable tree, long number) throws FsException {
        Inode inode = tree.get(number);
        if (inode == null) {
            throw new FsException(Errno.ENOENT, "no inode " + number);
        }
        if (!inode.isDirectory()) {
            throw new FsException(Errno.ENOTDIR, "not a directory");
        }
        return inode;
    }
}
