package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Replaceable;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.StaticDirectory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What stat shows of an inode and what setattr changes: a changeable tree's nodes keep their own metadata
 * ({@link ChangeableTree}); every other file shows the mount's owner, its mount.yaml mode, and its node's last
 * change as its times, unless touch(1) set later ones.
 */
final class InodeAttributes {
    private final Map<Long, OpenFile> openFiles;
    private final MemoryAccount memory;
    private final Instant mountTime;
    private final int uid;
    private final int gid;

    /**
     * @param openFiles the mount's open files by handle, for fstat and ftruncate of a writer's buffer
     * @param uid the owner every declared file shows (the daemon's user)
     * @param gid the group every declared file shows
     */
    InodeAttributes(Map<Long, OpenFile> openFiles, MemoryAccount memory, Instant mountTime, int uid, int gid) {
        this.openFiles = openFiles;
        this.memory = memory;
        this.mountTime = mountTime;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * What stat shows for {@code inode}, waiting for a generated file's size if it must
     * ({@link GeneratedContent}).
     */
    Attributes of(Inode inode, Caller caller) {
        return later(inode, null, caller).join();
    }

    /** What a name lookup shows: like {@link #of}, but it waits only briefly for a generated file's size. */
    Attributes forLookup(Inode inode, Caller caller) {
        return attributes(inode, size(inode, caller, true).join());
    }

    /**
     * What stat (or fstat of open {@code handle}, when not null) shows, once known: a generated file's size may
     * wait for a generation another request is making, which the caller can wait for without holding a thread.
     * A handle shows the size of the content it reads (its generation) or writes (a writer's buffer).
     */
    CompletableFuture<Attributes> later(Inode inode, Long handle, Caller caller) {
        OpenFile file = handle == null ? null : openFiles.get(handle);
        if (file != null && file.inode() == inode) {
            if (file.pending() != null) {
                return CompletableFuture.completedFuture(attributes(inode, file.pending().size()));
            }
            if (file.generated() != null) {
                return CompletableFuture.completedFuture(attributes(inode, file.generated().length));
            }
            if (file.follower() != null) {
                return CompletableFuture.completedFuture(attributes(inode, file.follower().size()));
            }
        }
        CompletableFuture<Long> size = size(inode, caller, false);
        return size.isDone() ? CompletableFuture.completedFuture(attributes(inode, size.join()))
                : size.thenApply(known -> attributes(inode, known));
    }

    private static CompletableFuture<Long> size(Inode inode, Caller caller, boolean lookup) {
        return inode.isDirectory() ? CompletableFuture.completedFuture(Vfs.BLOCK_SIZE)
                : GeneratedContent.sizeForStat(inode, caller, lookup);
    }

    private Attributes attributes(Inode inode, long size) {
        inode.reportedSize(size);
        if (inode.node() instanceof MutableNode changeable) {
            return ChangeableTree.attributes(inode.number(), changeable, size);
        }
        Times times = times(inode);
        long links = 1; // for a directory: "count unknown", which find(1) handles, unlike a wrong count
        if (inode.node() instanceof StaticDirectory directory) {
            links = 2 + directory.subdirectoryCount();
        }
        return new Attributes(inode.number(), inode.isDirectory() ? Attributes.DIRECTORY : Attributes.REGULAR,
                inode.permissions(), links, size, uid, gid, 0, times.accessed(), times.modified(), times.changed());
    }

    private record Times(Instant accessed, Instant modified, Instant changed) {}

    /** The node's last change (the mount time for content that never changes), unless touch(1) set later ones. */
    private Times times(Inode inode) {
        Instant changed = inode.node().lastModified() != null ? inode.node().lastModified() : mountTime;
        Instant touchedAt = inode.touchedAt();
        if (touchedAt != null && !changed.isAfter(touchedAt)) {
            return new Times(inode.touchedAtime(), inode.touchedMtime(), touchedAt);
        }
        return new Times(changed, changed, changed);
    }

    /**
     * Applies a setattr. Size needs a writable file that is {@link Truncatable} or {@link Replaceable}; times a
     * writable one. Owner and group are fixed (EPERM), except to the values they have, as {@code cp -p} and
     * {@code tar x} set them; so are the mode bits of read-only files. A writable file's owner (or root) may
     * change its permission bits, which last while the mount runs.
     *
     * @param handle the open handle of an ftruncate(2), or null
     */
    Attributes set(Inode inode, Long handle, AttributeChanges changes, Caller caller) throws FsException {
        if (inode.node() instanceof MutableNode) {
            ChangeableTree.setAttributes(inode, changes, caller);
            return later(inode, handle, caller).join();
        }
        if ((changes.uid() != null && changes.uid() != uid) || (changes.gid() != null && changes.gid() != gid)) {
            throw new FsException(Errno.EPERM, "the owner of every file is the mount's (uid " + uid + ", gid " + gid + ")");
        }
        if (changes.permissions() != null && changes.permissions() != inode.permissions()) {
            chmod(inode, changes.permissions(), caller);
        }
        if (changes.size() != null) {
            resize(inode, handle, changes.size(), caller);
        }
        if (changes.changesTimes()) {
            if (!inode.isWritable()) {
                throw new FsException(Errno.EACCES, "read-only file");
            }
            Times now = times(inode); // not attributes(): a generated file's size would run its plugin
            inode.touch(changes.modified() != null ? changes.modified() : now.modified(),
                    changes.accessed() != null ? changes.accessed() : now.accessed(), Instant.now());
        }
        return later(inode, handle, caller).join();
    }

    private void chmod(Inode inode, int bits, Caller caller) throws FsException {
        if (inode.isDirectory() || !Inode.takesWrites(inode.node())) {
            throw new FsException(Errno.EPERM, "the mode of this file is set by mount.yaml");
        }
        if (caller.uid() != 0 && caller.uid() != uid) {
            throw new FsException(Errno.EPERM, "only the file's owner or root may change its mode");
        }
        if ((bits & ~0777) != 0) {
            throw new FsException(Errno.EPERM, "setuid, setgid and sticky bits are not kept on magicfs files");
        }
        inode.permissions(bits);
    }

    /**
     * truncate(2) or ftruncate(2). A replaceable file's handle resizes what it will hand over; without a handle
     * the file's current content, resized, is handed over at once.
     */
    private void resize(Inode inode, Long handle, long size, Caller caller) throws FsException {
        if (!inode.isWritable()) {
            throw new FsException(inode.isDirectory() ? Errno.EISDIR : Errno.EACCES, "read-only file");
        }
        inode.forgetGeneration();
        OpenFile file = handle == null ? null : openFiles.get(handle);
        if (file != null && file.pending() != null) {
            file.pending().truncate(size);
        } else if (inode.node() instanceof Truncatable truncatable) {
            truncatable.truncate(size, caller);
            if (handle == null && inode.node() instanceof Syncable syncable) {
                syncable.sync(caller); // truncate(1) has no close that would make it durable
            } else if (file != null) {
                file.wrote();
            }
        } else if (inode.node() instanceof Replaceable replaceable) {
            PendingContent content = new PendingContent(Vfs.generatedOrEmpty(inode, caller), replaceable.maxSize(), true, memory);
            try {
                content.truncate(size);
                replaceable.replace(content.takeIfChanged(), caller);
            } finally {
                content.discard();
            }
        } else {
            throw new FsException(Errno.EACCES, "this file's size cannot be set");
        }
    }
}
