package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableDirectory;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.api.Truncatable;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What each name and attribute change means in a tree users change ({@link MutableDirectory}), once for every
 * store: the owner and times a new node gets, the types a rename may replace, the times each operation
 * touches, setgid inheritance. The kernel checks the caller's rights first (magicfs mounts with
 * {@code default_permissions}); the store only keeps what it is told.
 */
final class ChangeableTree {
    static final int RENAME_NOREPLACE = 1;
    static final int RENAME_EXCHANGE = 2;
    private static final int S_ISUID = 04000, S_ISGID = 02000, S_IXGRP = 00010;

    private ChangeableTree() {}

    static Attributes attributes(long number, MutableNode node, long size) {
        Metadata m = node.metadata();
        long shown = m.type() == FileType.SYMLINK ? node.linkTarget().getBytes(StandardCharsets.UTF_8).length
                : m.type() == FileType.REGULAR ? size : m.type() == FileType.DIRECTORY ? Vfs.BLOCK_SIZE : 0;
        return new Attributes(number, m.type().modeBits, m.mode(), node.links(), shown, m.uid(), m.gid(), m.rdev(),
                m.accessed(), m.modified(), m.changed());
    }

    /**
     * mknod, mkdir, create and symlink: a new node owned by the caller, in the directory's group when the
     * directory is setgid (a new directory then is setgid too), counted as one kernel lookup.
     */
    static Inode create(InodeTable table, Inode parent, String name, FileType type, int mode, long rdev, String linkTarget,
            Caller caller) throws FsException {
        MutableDirectory directory = changeable(parent);
        Metadata in = directory.metadata();
        boolean inherit = (in.mode() & S_ISGID) != 0;
        int bits = type == FileType.DIRECTORY && inherit ? mode | S_ISGID : mode;
        Instant now = Instant.now();
        Metadata metadata = new Metadata(type, bits, caller.uid(), inherit ? in.gid() : caller.gid(), rdev, now, now, now);
        MutableNode node = directory.create(name, metadata, linkTarget, caller);
        directory.metadata(directory.metadata().modifiedAt(now));
        return table.lookedUp(parent, name, node);
    }

    /** link(2): a further name for a node that is no directory, in the same tree (EXDEV otherwise). */
    static Inode link(InodeTable table, Inode existing, Inode parent, String name, Caller caller) throws FsException {
        MutableDirectory directory = changeable(parent);
        if (!(existing.node() instanceof MutableNode node)) {
            throw new FsException(Errno.EXDEV, "only a file of this changeable tree can be linked here");
        }
        if (node instanceof MutableDirectory) {
            throw new FsException(Errno.EPERM, "a directory cannot have a second name");
        }
        directory.link(name, node, caller);
        Instant now = Instant.now();
        node.metadata(node.metadata().changedAt(now));
        directory.metadata(directory.metadata().modifiedAt(now));
        return table.lookedUp(parent, name, node);
    }

    /** unlink(2) and rmdir(2). */
    static void remove(InodeTable table, Inode parent, String name, boolean directoryWanted, Caller caller) throws FsException {
        MutableDirectory directory = changeable(parent);
        MutableNode child = existing(directory, name, caller);
        boolean isDirectory = child instanceof MutableDirectory;
        if (directoryWanted != isDirectory) {
            throw new FsException(isDirectory ? Errno.EISDIR : Errno.ENOTDIR, "'" + name + (isDirectory ? "' is a directory" : "' is not a directory"));
        }
        removeName(directory, name, child, caller);
        table.removed(parent, name);
    }

    /** Removes {@code child}'s name {@code name} from {@code directory}, with the times that changes. */
    static void removeName(MutableDirectory directory, String name, MutableNode child, Caller caller) throws FsException {
        directory.remove(name, caller);
        Instant now = Instant.now();
        child.metadata(child.metadata().changedAt(now));
        directory.metadata(directory.metadata().modifiedAt(now));
    }

    /** rename(2) and renameat2(2) with RENAME_NOREPLACE or RENAME_EXCHANGE. */
    static void rename(InodeTable table, Inode parent, String name, Inode newParent, String newName, int flags, Caller caller)
            throws FsException {
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) != 0 || flags == (RENAME_NOREPLACE | RENAME_EXCHANGE)) {
            throw new FsException(Errno.EINVAL, "unsupported rename flags " + flags);
        }
        MutableDirectory from = changeable(parent);
        if (!(newParent.node() instanceof MutableDirectory to)) {
            throw new FsException(Errno.EXDEV, "the new name is outside this changeable tree");
        }
        MutableNode moving = existing(from, name, caller);
        Node replaced = to.child(newName, caller);
        boolean exchange = (flags & RENAME_EXCHANGE) != 0;
        if (replaced == moving) {
            return; // two names of one file, or a name onto itself: POSIX says nothing happens
        }
        if (replaced != null && (flags & RENAME_NOREPLACE) != 0) {
            throw new FsException(Errno.EEXIST, "'" + newName + "' exists");
        }
        if (replaced == null && exchange) {
            throw new FsException(Errno.ENOENT, "no such file: " + newName);
        }
        if (replaced != null && !exchange) {
            checkReplaceable(moving, replaced, newName);
        }
        if (moving instanceof MutableDirectory && isWithin(newParent, moving)
                || exchange && replaced instanceof MutableDirectory && isWithin(parent, replaced)) {
            throw new FsException(Errno.EINVAL, "a directory cannot move into itself");
        }
        from.rename(name, to, newName, exchange, caller);
        Instant now = Instant.now();
        moving.metadata(moving.metadata().changedAt(now));
        if (replaced instanceof MutableNode other) {
            other.metadata(other.metadata().changedAt(now));
        }
        from.metadata(from.metadata().modifiedAt(now));
        if (to != from) {
            to.metadata(to.metadata().modifiedAt(now));
        }
        table.renamed(moving, newParent, newName);
        if (exchange) {
            table.renamed(replaced, parent, name);
        }
    }

    private static void checkReplaceable(MutableNode moving, Node replaced, String newName) throws FsException {
        boolean movingDirectory = moving instanceof MutableDirectory;
        boolean replacedDirectory = replaced instanceof MutableDirectory;
        if (movingDirectory && !replacedDirectory) {
            throw new FsException(Errno.ENOTDIR, "'" + newName + "' is not a directory");
        }
        if (!movingDirectory && replacedDirectory) {
            throw new FsException(Errno.EISDIR, "'" + newName + "' is a directory");
        }
        if (replacedDirectory && !((MutableDirectory) replaced).isEmpty()) {
            throw new FsException(Errno.ENOTEMPTY, "'" + newName + "' is not empty");
        }
    }

    /** Whether {@code directory} is {@code node} or lies below it, by the names the kernel used. */
    private static boolean isWithin(Inode directory, Node node) {
        for (Inode at = directory; at != null; at = at.parent()) {
            if (at.node() == node) {
                return true;
            }
        }
        return false;
    }

    static String readlink(Inode inode) throws FsException {
        if (inode.node() instanceof MutableNode node && node.linkTarget() != null) {
            return node.linkTarget();
        }
        throw new FsException(Errno.EINVAL, "not a symbolic link");
    }

    /**
     * chmod, chown, utimensat and truncate of a node of a changeable tree. The kernel has checked the rights
     * and cleared setgid where Linux does; every change sets ctime.
     */
    static void setAttributes(Inode inode, AttributeChanges changes, Caller caller) throws FsException {
        MutableNode node = (MutableNode) inode.node();
        Instant now = Instant.now();
        if (changes.size() != null) {
            if (!(node instanceof Truncatable truncatable)) {
                throw new FsException(node instanceof MutableDirectory ? Errno.EISDIR : Errno.EINVAL, "only a regular file has a size to set");
            }
            truncatable.truncate(changes.size(), caller);
            node.contentChanged(now);
        }
        Metadata m = node.metadata();
        if (changes.permissions() != null) {
            m = m.withMode(changes.permissions(), now);
        }
        if (changes.uid() != null || changes.gid() != null) {
            m = m.withOwner(changes.uid() != null ? changes.uid() : m.uid(), changes.gid() != null ? changes.gid() : m.gid(), now);
        }
        if (changes.dropSetIds()) {
            m = withoutSetIds(m, now);
        }
        if (changes.changesTimes()) {
            m = m.withTimes(changes.accessed() != null ? changes.accessed() : m.accessed(),
                    changes.modified() != null ? changes.modified() : m.modified(), now);
        }
        if (m != node.metadata()) {
            node.metadata(m);
        }
    }

    /**
     * setuid goes, and setgid where group execution is allowed (else it marks mandatory locking, which stays):
     * what Linux does to a regular file that its owner's chown or another user's write changes.
     */
    static Metadata withoutSetIds(Metadata m, Instant now) {
        return dropsSetIds(m) ? m.withMode(modeWithoutSetIds(m.mode()), now) : m;
    }

    /** Whether {@link #withoutSetIds} would change {@code m}. */
    static boolean dropsSetIds(Metadata m) {
        return m.type() != FileType.DIRECTORY && modeWithoutSetIds(m.mode()) != m.mode();
    }

    private static int modeWithoutSetIds(int mode) {
        int dropped = mode & ~S_ISUID;
        return (dropped & S_IXGRP) != 0 ? dropped & ~S_ISGID : dropped;
    }

    /** A write or truncation through an open handle changed the content: mtime and ctime move. */
    static void contentChanged(Node node) throws FsException {
        if (node instanceof MutableNode changeable) {
            changeable.contentChanged(Instant.now());
        }
    }

    private static MutableDirectory changeable(Inode parent) throws FsException {
        if (parent.node() instanceof MutableDirectory directory) {
            return directory;
        }
        throw new FsException(Errno.EACCES, "names in this directory are fixed by mount.yaml");
    }

    private static MutableNode existing(MutableDirectory directory, String name, Caller caller) throws FsException {
        if (directory.child(name, caller) instanceof MutableNode node) {
            return node;
        }
        throw new FsException(Errno.ENOENT, "no such file: " + name);
    }
}
