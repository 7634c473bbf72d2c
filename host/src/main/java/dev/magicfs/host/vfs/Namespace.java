package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableDirectory;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.host.tree.Inode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The requests that change names (mknod, mkdir, create, symlink, link, unlink, rmdir, rename, readlink) and
 * the few others only a changeable tree answers (fallocate, fsync of a directory, extended attributes). {@link ChangeableTree}
 * says what each means; where mount.yaml fixes the names, each is refused with the errno a read-only
 * directory gives.
 */
public final class Namespace {
    /** setxattr(2)'s flags. */
    public static final int XATTR_CREATE = 1, XATTR_REPLACE = 2;
    /** What one node's extended attributes may take, names and values together: one value at Linux's most. */
    static final int XATTR_ROOM = 64 * 1024;

    private final Vfs vfs;

    Namespace(Vfs vfs) {
        this.vfs = vfs;
    }

    /**
     * mknod, mkdir, create and symlink in a changeable tree: {@code mode} carries the file type bits. The new
     * inode counts as one kernel lookup.
     */
    public Inode createNode(long parent, String name, int mode, long rdev, String linkTarget, Caller caller) throws FsException {
        Inode directory = changeableDirectory(parent, name, true, caller);
        FileType type = FileType.ofMode(mode);
        if (type == null) {
            throw new FsException(Errno.EINVAL, "unknown file type in mode " + Integer.toOctalString(mode));
        }
        return ChangeableTree.create(vfs.table(), directory, name, type, mode & 07777, rdev, linkTarget, caller);
    }

    /** link(2): {@code number} gets the further name {@code name} in {@code parent}; counts one kernel lookup. */
    public Inode link(long number, long parent, String name, Caller caller) throws FsException {
        Inode directory = changeableDirectory(parent, name, true, caller);
        return ChangeableTree.link(vfs.table(), vfs.inode(number), directory, name, caller);
    }

    /** unlink(2), or rmdir(2) when {@code directory}. */
    public void remove(long parent, String name, boolean directory, Caller caller) throws FsException {
        ChangeableTree.remove(vfs.table(), changeableDirectory(parent, name, false, caller), name, directory, caller);
    }

    /** rename(2); {@code flags} as renameat2(2)'s. */
    public void rename(long parent, String name, long newParent, String newName, int flags, Caller caller) throws FsException {
        Inode from = changeableDirectory(parent, name, false, caller);
        ChangeableTree.rename(vfs.table(), from, name, vfs.directory(newParent), newName, flags, caller);
    }

    public String readlink(long number) throws FsException {
        return ChangeableTree.readlink(vfs.inode(number));
    }

    private Inode changeableDirectory(long parent, String name, boolean createsName, Caller caller) throws FsException {
        Inode directory = vfs.directory(parent);
        if (!(directory.node() instanceof MutableDirectory) || !vfs.table().isCurrent(directory)) {
            throw refuseNameChange(parent, name, createsName, caller);
        }
        return directory;
    }

    /**
     * Creating, removing or renaming names where mount.yaml fixes them. Missing names give ENOENT, names that
     * exist give EEXIST when a new one was asked for, and everything else EACCES, as for writes to read-only
     * files.
     */
    public FsException refuseNameChange(long parent, String name, boolean createsName, Caller caller) {
        try {
            Node existing = ((Directory) vfs.directory(parent).node()).child(name, caller);
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

    /**
     * fallocate(2) with mode 0 of a changeable tree's file: a file shorter than {@code offset + length} grows to
     * it, with zeros (the store may keep them sparse).
     */
    public void allocate(long number, int mode, long offset, long length, Caller caller) throws FsException {
        Inode inode = vfs.inode(number);
        if (mode != 0 || !(inode.node() instanceof MutableNode node) || !(node instanceof Truncatable file)) {
            throw new FsException(Errno.ENOTSUP, "fallocate mode " + mode + " is not supported here");
        }
        if (offset < 0 || length <= 0) {
            throw new FsException(Errno.EINVAL, "fallocate of " + length + " bytes at " + offset);
        }
        if (offset + length > node.size()) {
            file.truncate(offset + length, caller);
            node.contentChanged(Instant.now());
        }
    }

    /**
     * How long the kernel may remember that {@code parent} has no such name: a changeable tree's ttl, since
     * every name it gains comes through the kernel; null (do not remember) elsewhere.
     */
    public Duration missingNameTtl(long parent) {
        Inode directory = vfs.table().get(parent);
        if (directory == null || !vfs.table().isCurrent(directory) || !(directory.node() instanceof MutableDirectory)
                || directory.cachePolicy().ttl().isZero()) {
            return null;
        }
        return directory.cachePolicy().ttl();
    }

    /** Whether the tree has a changeable part (a writable-dir), whose files users own. */
    public boolean hasChangeableTree() {
        return vfs.table().all().stream().anyMatch(inode -> inode.node() instanceof MutableNode);
    }

    /** fsync(2) of a directory: a changeable tree makes its changes so far durable. */
    public void fsyncDirectory(long number, Caller caller) throws FsException {
        if (vfs.inode(number).node() instanceof MutableDirectory directory && directory instanceof Syncable syncable) {
            syncable.sync(caller);
        }
    }

    /**
     * A write or an O_TRUNC open by a caller without CAP_FSETID: setuid and setgid go as Linux drops them.
     * Returns whether the mode changed.
     */
    public boolean dropSetIds(long number) throws FsException {
        if (vfs.inode(number).node() instanceof MutableNode node) {
            Metadata m = node.metadata();
            if (ChangeableTree.dropsSetIds(m)) {
                node.metadata(ChangeableTree.withoutSetIds(m, Instant.now()));
                return true;
            }
        }
        return false;
    }

    /**
     * getxattr(2). A changeable tree keeps {@code user.*} and {@code trusted.*} attributes (the kernel lets
     * only CAP_SYS_ADMIN at the second); every other node, and every other namespace of a known kind, has
     * none.
     */
    public byte[] getXattr(long number, String name) throws FsException {
        checkNamespace(name);
        byte[] value = vfs.inode(number).node() instanceof MutableNode node && isKept(name) ? node.xattr(name) : null;
        if (value == null) {
            throw new FsException(Errno.ENODATA, "no extended attribute " + name);
        }
        return value;
    }

    /** listxattr(2): {@code trusted.*} names show to root only, as on Linux's own filesystems. */
    public List<String> xattrNames(long number, Caller caller) throws FsException {
        if (!(vfs.inode(number).node() instanceof MutableNode node)) {
            return List.of();
        }
        return caller.uid() == 0 ? node.xattrNames() : node.xattrNames().stream().filter(n -> !n.startsWith("trusted.")).toList();
    }

    /**
     * setxattr(2) with its {@link #XATTR_CREATE} and {@link #XATTR_REPLACE} flags; the kernel has checked the
     * caller's rights. ctime moves.
     */
    public void setXattr(long number, String name, byte[] value, int flags) throws FsException {
        checkNamespace(name);
        if (!(vfs.inode(number).node() instanceof MutableNode node) || !vfs.table().isCurrent(vfs.inode(number)) || !isKept(name)) {
            throw new FsException(Errno.ENOTSUP, "only the files of a writable-dir keep extended attributes, and only user.* and trusted.* (not " + name + ")");
        }
        byte[] existing = node.xattr(name);
        if ((flags & XATTR_CREATE) != 0 && existing != null) {
            throw new FsException(Errno.EEXIST, "extended attribute " + name + " exists");
        }
        if ((flags & XATTR_REPLACE) != 0 && existing == null) {
            throw new FsException(Errno.ENODATA, "no extended attribute " + name + " to replace");
        }
        long room = name.length() + (long) value.length;
        for (String other : node.xattrNames()) {
            byte[] otherValue = other.equals(name) ? null : node.xattr(other);
            room += otherValue == null ? 0 : other.length() + otherValue.length;
        }
        if (room > XATTR_ROOM) {
            throw new FsException(Errno.ENOSPC, "a file's extended attributes take at most " + XATTR_ROOM + " bytes");
        }
        node.xattr(name, value);
        node.metadata(node.metadata().changedAt(Instant.now()));
    }

    /** removexattr(2); ctime moves. */
    public void removeXattr(long number, String name) throws FsException {
        getXattr(number, name); // ENODATA when absent
        MutableNode node = (MutableNode) vfs.inode(number).node();
        node.xattr(name, null);
        node.metadata(node.metadata().changedAt(Instant.now()));
    }

    private static boolean isKept(String name) {
        return name.startsWith("user.") || name.startsWith("trusted.");
    }

    /** A name outside the namespaces Linux knows is refused, as ext4 does. */
    private static void checkNamespace(String name) throws FsException {
        if (!isKept(name) && !name.startsWith("security.") && !name.startsWith("system.")) {
            throw new FsException(Errno.ENOTSUP, "no extended attribute namespace for " + name);
        }
    }
}
