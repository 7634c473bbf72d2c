package dev.magicfs.host.vfs;

import dev.magicfs.api.BackedByFile;
import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Replaceable;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.tree.Inode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one open(2) of a file means: the checks of its mode, O_TRUNC, and the {@link OpenFile} it reads and
 * writes through (a generation, a writer's own buffer, or the node itself, with its cache settings).
 */
final class Opener {
    private final MemoryAccount memory;
    private final AtomicLong nextHandle;

    /**
     * @param memory the budget writers' buffers are reserved from
     * @param nextHandle where handle numbers come from, shared with the directory listings
     */
    Opener(MemoryAccount memory, AtomicLong nextHandle) {
        this.memory = memory;
        this.nextHandle = nextHandle;
    }

    /** The open of {@code inode}; a generated file's may wait for the generation another request is making. */
    CompletableFuture<OpenFile> open(Inode inode, OpenMode mode, Caller caller) throws FsException {
        if (inode.isDirectory()) {
            throw new FsException(Errno.EISDIR, "is a directory");
        }
        // O_TRUNC truncates also with O_RDONLY, as on Linux filesystems, so it needs a file that takes writes.
        // In a changeable tree the kernel has checked the mode bits against the caller (default_permissions).
        boolean changeable = inode.node() instanceof MutableNode;
        if ((mode.write() || mode.truncate()) && !changeable && !inode.isWritable()) {
            throw new FsException(Errno.EACCES, "read-only file");
        }
        Node node = inode.node();
        boolean replacing = mode.write() && node instanceof Replaceable;
        if (mode.truncate()) {
            inode.forgetGeneration();
        }
        if (!mode.write() && mode.truncate() && node instanceof Replaceable replaceable) {
            replaceable.replace(new byte[0], caller);
        } else if (mode.truncate() && !replacing) {
            if (!(node instanceof Truncatable truncatable)) {
                throw new FsException(Errno.EACCES, "this file's size cannot be set");
            }
            truncatable.truncate(0, caller);
            ChangeableTree.contentChanged(node);
            if (!changeable && node instanceof Syncable syncable) { // a changeable tree's file is durable at fsync
                syncable.sync(caller);
            }
        }
        CachePolicy policy = inode.cachePolicy();
        if (replacing) {
            // A writer that truncates needs no generation: nothing of it would be seen.
            byte[] start = mode.truncate() ? new byte[0]
                    : node instanceof Generated ? GeneratedContent.generate(inode, caller) : contentOf(node, caller);
            PendingContent pending = new PendingContent(start, ((Replaceable) node).maxSize(), mode.truncate(), memory);
            // Each writer has a buffer of its own; the page cache is the inode's, shared by every handle.
            return CompletableFuture.completedFuture(new OpenFile(nextHandle.getAndIncrement(), inode, mode, pending));
        }
        if (node instanceof FollowedContent followed && !mode.write()) {
            return CompletableFuture.completedFuture(new OpenFile(nextHandle.getAndIncrement(), inode, mode, followed.follow()));
        }
        if (node instanceof Generated) {
            return GeneratedContent.forOpen(inode, caller).thenApply(content -> openGenerated(inode, mode, content, policy.directIo()));
        }
        boolean directIo = policy.directIo() || node.size() == Node.UNKNOWN_SIZE || writesThroughMagicfs(node, mode, caller)
                || node instanceof BackedByFile backed && backed.directIoUntilBacked() && backed.backingFile() == null;
        return CompletableFuture.completedFuture(new OpenFile(nextHandle.getAndIncrement(), inode, mode, directIo,
                policy.keepCache() && !directIo));
    }

    /**
     * A generated file reads through the page cache (so mmap and sendfile work) when the kernel knows its
     * size, that is the size last reported is this generation's, and no handle reads another generation
     * through the cache; otherwise with direct I/O, so no read is cut at a stale size.
     */
    private OpenFile openGenerated(Inode inode, OpenMode mode, byte[] generated, boolean directIo) {
        Inode.PageCacheUse use = inode.openedGenerated(generated, !directIo && generated.length == inode.reportedSize());
        return new OpenFile(nextHandle.getAndIncrement(), inode, mode, generated, use);
    }

    /**
     * A setuid or setgid file that another user writes: its writes must reach magicfs, which drops the bits,
     * rather than go to the backing file through passthrough. Direct I/O, since an inode's opens cannot mix
     * passthrough with the page cache.
     */
    private static boolean writesThroughMagicfs(Node node, OpenMode mode, Caller caller) {
        return mode.write() && caller.uid() != 0 && node instanceof MutableNode changeable
                && ChangeableTree.dropsSetIds(changeable.metadata());
    }

    /** The whole content of a node that is not generated: a writer that does not truncate starts from it. */
    private static byte[] contentOf(Node node, Caller caller) throws FsException {
        if (!(node instanceof Readable readable) || node.size() <= 0) {
            return new byte[0];
        }
        ByteBuffer into = ByteBuffer.allocate((int) Math.min(node.size(), Integer.MAX_VALUE - 8));
        while (into.hasRemaining()) {
            int n = Vfs.checkedCount(readable.read(into.position(), into, caller), into.remaining(), "read");
            if (n == 0) {
                break;
            }
        }
        return Arrays.copyOf(into.array(), into.position());
    }
}
