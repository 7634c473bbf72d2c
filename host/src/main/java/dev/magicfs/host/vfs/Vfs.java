package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import dev.magicfs.api.Node;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Replaceable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.tree.StaticDirectory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The file system's operations on an {@link InodeTable}, each ending in a result or an {@link FsException}. */
public final class Vfs {
    /** The inode number readdir shows for a child not looked up yet, as libfuse does. */
    public static final long UNKNOWN_INODE = 0xffffffffL;
    private static final long BLOCK_SIZE = 4096;

    private final InodeTable table;
    private final Instant mountTime;
    private final int uid;
    private final int gid;
    private final ConcurrentHashMap<Long, OpenFile> openFiles = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, List<DirectoryListing.Entry>> fixedListings = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    /**
     * @param uid the owner every file shows (the daemon's user)
     * @param gid the group every file shows
     */
    public Vfs(InodeTable table, Instant mountTime, int uid, int gid) {
        this.table = table;
        this.mountTime = mountTime;
        this.uid = uid;
        this.gid = gid;
    }

    public InodeTable table() {
        return table;
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
        Inode directory = directory(parent);
        Node child = ((Directory) directory.node()).child(name, caller);
        if (child == null) {
            throw new FsException(Errno.ENOENT, "no such file: " + name);
        }
        return table.lookedUp(directory, name, child);
    }

    public void forget(long number, long lookups) {
        table.forget(number, lookups);
    }

    public Attributes attributes(Inode inode) {
        Node node = inode.node();
        long size = inode.isDirectory() ? BLOCK_SIZE : sizeOf(inode);
        inode.reportedSize(size);
        Instant changed = node.lastModified() != null ? node.lastModified() : mountTime;
        Instant modified = changed;
        Instant touchedAt = inode.touchedAt();
        if (touchedAt != null && !changed.isAfter(touchedAt)) {
            modified = inode.touchedMtime();
            changed = touchedAt;
        }
        long links = 1; // for a directory: "count unknown", which find(1) handles, unlike a wrong count
        if (node instanceof StaticDirectory directory) {
            links = 2 + directory.subdirectoryCount();
        }
        return new Attributes(inode.number(), inode.isDirectory(), inode.permissions(), links, size, uid, gid,
                modified, modified, changed);
    }

    private static long sizeOf(Inode inode) {
        Node node = inode.node();
        if (node instanceof Generated && inode.generatedSize() >= 0) {
            return inode.generatedSize();
        }
        return Math.max(0, node.size());
    }

    /**
     * Applies a setattr. Size needs a writable file that is {@link Truncatable} or {@link Replaceable}; times a
     * writable one; mode and ownership come from mount.yaml and cannot change (EPERM).
     *
     * @param handle the open handle of an ftruncate(2), or null
     */
    public Attributes setAttributes(long number, Long handle, AttributeChanges changes, Caller caller) throws FsException {
        Inode inode = inode(number);
        if (changes.changesOwnershipOrMode()) {
            throw new FsException(Errno.EPERM, "mode and owner are set by mount.yaml");
        }
        if (changes.size() != null) {
            resize(inode, handle, changes.size(), caller);
        }
        if (changes.changesTimes()) {
            if (!inode.isWritable()) {
                throw new FsException(Errno.EACCES, "read-only file");
            }
            Instant now = Instant.now();
            inode.touch(changes.modified() != null ? changes.modified() : attributes(inode).modified(), now);
        }
        return attributes(inode);
    }

    /**
     * truncate(2) or ftruncate(2). A replaceable file's handle resizes what it will hand over; without a handle
     * the file's current content, resized, is handed over at once.
     */
    private void resize(Inode inode, Long handle, long size, Caller caller) throws FsException {
        if (!inode.isWritable()) {
            throw new FsException(inode.isDirectory() ? Errno.EISDIR : Errno.EACCES, "read-only file");
        }
        OpenFile file = handle == null ? null : openFiles.get(handle);
        if (file != null && file.pending() != null) {
            file.pending().truncate(size);
        } else if (inode.node() instanceof Truncatable truncatable) {
            truncatable.truncate(size, caller);
        } else if (inode.node() instanceof Replaceable replaceable) {
            PendingContent content = new PendingContent(generate(inode, caller), replaceable.maxSize(), true);
            content.truncate(size);
            replaceable.replace(content.takeIfChanged(), caller);
        } else {
            throw new FsException(Errno.EACCES, "this file's size cannot be set");
        }
    }

    /**
     * Opens a file. A generated file is generated here, once for every read of this open. Opens whose content
     * size the kernel may not know (a generation of another length, a size not known yet) use direct I/O, so
     * the kernel does not cut reads at a stale size. A writer of a replaceable file gets its own copy of the
     * content to write into, handed over at fsync or close.
     */
    public OpenFile open(long number, OpenMode mode, Caller caller) throws FsException {
        Inode inode = inode(number);
        if (inode.isDirectory()) {
            throw new FsException(Errno.EISDIR, "is a directory");
        }
        if (mode.write() && !inode.isWritable()) {
            throw new FsException(Errno.EACCES, "read-only file");
        }
        Node node = inode.node();
        boolean replacing = mode.write() && node instanceof Replaceable;
        if (mode.write() && mode.truncate() && !replacing) {
            if (!(node instanceof Truncatable truncatable)) {
                throw new FsException(Errno.EACCES, "this file's size cannot be set");
            }
            truncatable.truncate(0, caller);
        }
        CachePolicy policy = inode.cachePolicy();
        boolean directIo = policy.directIo();
        boolean keepCache = policy.keepCache();
        byte[] generated = null;
        // A writer that truncates needs no generation: nothing of it would be seen.
        if (node instanceof Generated && !(replacing && mode.truncate())) {
            generated = generate(inode, caller);
            directIo |= generated.length != inode.reportedSize();
            keepCache = false;
        } else if (node.size() == Node.UNKNOWN_SIZE) {
            directIo = true;
        }
        PendingContent pending = null;
        if (replacing) {
            byte[] start = mode.truncate() || generated == null ? new byte[0] : generated;
            pending = new PendingContent(start, ((Replaceable) node).maxSize(), mode.truncate());
            keepCache = false;
        }
        OpenFile file = new OpenFile(nextHandle.getAndIncrement(), inode, mode, generated, pending, directIo,
                keepCache && !directIo);
        openFiles.put(file.handle(), file);
        return file;
    }

    /** One generation of a {@link Generated} node's content (empty for other nodes), remembering its size. */
    private static byte[] generate(Inode inode, Caller caller) throws FsException {
        if (!(inode.node() instanceof Generated g)) {
            return new byte[0];
        }
        byte[] generated = g.generate(caller);
        if (generated == null) {
            generated = new byte[0];
        }
        inode.generatedSize(generated.length);
        return generated;
    }

    /** Copies up to {@code into.remaining()} bytes at {@code offset}; returns how many, 0 at the end. */
    public int read(long handle, long offset, ByteBuffer into, Caller caller) throws FsException {
        OpenFile file = openFile(handle);
        if (file.pending() != null) {
            return file.pending().read(offset, into);
        }
        byte[] generated = file.generated();
        if (generated != null) {
            if (offset >= generated.length) {
                return 0;
            }
            int n = (int) Math.min(into.remaining(), generated.length - offset);
            into.put(generated, (int) offset, n);
            return n;
        }
        if (file.inode().node() instanceof Readable readable) {
            int room = into.remaining();
            return checkedCount(readable.read(offset, into, caller), room, "read");
        }
        return 0;
    }

    /** A plugin's byte count, which becomes a reply length: outside 0..room it is a bug, and the request fails. */
    private static int checkedCount(int count, int room, String what) throws FsException {
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
        if (!(file.inode().node() instanceof Writable writable)) {
            throw new FsException(Errno.EACCES, "not open for writing");
        }
        long at = file.mode().append() ? writable.size() : offset;
        int length = from.remaining();
        return checkedCount(writable.write(at, from, caller), length, "write");
    }

    /**
     * close(2) of one file descriptor (there may be several per open, after dup): what a writer wrote goes to
     * its replaceable file now, and the file's refusal is the caller's error.
     */
    public void flush(long handle, Caller caller) throws FsException {
        OpenFile file = openFile(handle);
        if (file.pending() != null) {
            handOver(file, file.pending().takeIfWritten(), caller);
        }
    }

    /** fsync(2): like {@link #flush}, and a truncation alone counts as a change. */
    public void fsync(long handle, Caller caller) throws FsException {
        OpenFile file = openFile(handle);
        if (file.pending() != null) {
            handOver(file, file.pending().takeIfChanged(), caller);
        }
    }

    /** The last close of an open. Changes not handed over yet go now; a refusal can only be logged. */
    public void release(long handle, Caller caller) throws FsException {
        OpenFile file = openFiles.remove(handle);
        if (file != null && file.pending() != null) {
            handOver(file, file.pending().takeIfChanged(), caller);
        }
    }

    /** Forgets an open whose reply never reached the opener. */
    public void discard(long handle) {
        openFiles.remove(handle);
    }

    private static void handOver(OpenFile file, byte[] content, Caller caller) throws FsException {
        if (content != null) {
            ((Replaceable) file.inode().node()).replace(content, caller);
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
        Inode directory = directory(number);
        // A directory made from mount.yaml never changes: its listing is built once.
        boolean fixed = directory.node() instanceof StaticDirectory;
        List<DirectoryListing.Entry> entries = fixed ? fixedListings.get(number) : null;
        if (entries == null) {
            entries = entries(directory, caller);
            if (fixed) {
                fixedListings.putIfAbsent(number, entries);
            }
        }
        return new DirectoryListing(nextHandle.getAndIncrement(), entries, fixed);
    }

    private List<DirectoryListing.Entry> entries(Inode directory, Caller caller) throws FsException {
        List<DirectoryListing.Entry> entries = new ArrayList<>();
        entries.add(new DirectoryListing.Entry(".", directory.number(), true));
        Inode parent = directory.parent() == null ? directory : directory.parent();
        entries.add(new DirectoryListing.Entry("..", parent.number(), true));
        for (Directory.Entry child : ((Directory) directory.node()).children(caller)) {
            Inode known = table.known(directory, child.name());
            long inode = known != null && known.node() == child.node() ? known.number() : UNKNOWN_INODE;
            entries.add(new DirectoryListing.Entry(child.name(), inode, child.node() instanceof Directory));
        }
        return List.copyOf(entries);
    }

    /**
     * Creating, removing or renaming names: no kind allows it yet. Missing names give ENOENT, names that
     * exist give EEXIST when a new one was asked for, and everything else EACCES, as for writes to read-only
     * files.
     */
    public FsException refuseNameChange(long parent, String name, boolean createsName, Caller caller) {
        try {
            Node existing = ((Directory) directory(parent).node()).child(name, caller);
            if (createsName && existing != null) {
                return new FsException(Errno.EEXIST, "'" + name + "' exists");
            }
            if (!createsName && existing == null) {
                return new FsException(Errno.ENOENT, "no such file: " + name);
            }
            return new FsException(Errno.EACCES, "names in this directory are fixed by mount.yaml");
        } catch (FsException e) {
            return e;
        }
    }

    /** Space as df shows it: used is the content held; free is what the JVM heap could still hold. */
    public FsStats stats() {
        long used = 0;
        for (Inode inode : table.all()) {
            if (!inode.isDirectory()) {
                used += sizeOf(inode);
            }
        }
        Runtime runtime = Runtime.getRuntime();
        long free = Math.max(0, runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory()));
        long usedBlocks = (used + BLOCK_SIZE - 1) / BLOCK_SIZE;
        long freeBlocks = free / BLOCK_SIZE;
        return new FsStats(BLOCK_SIZE, usedBlocks + freeBlocks, freeBlocks, table.all().size(), 0, 255);
    }

    private Inode directory(long number) throws FsException {
        Inode inode = inode(number);
        if (!inode.isDirectory()) {
            throw new FsException(Errno.ENOTDIR, "not a directory");
        }
        return inode;
    }
}
