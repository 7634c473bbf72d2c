package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.tree.StaticDirectory;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory's entries as readdir lists them: "." and "..", then each child with the inode number the kernel
 * knows it by ({@link Vfs#UNKNOWN_INODE} for one not looked up yet).
 */
final class DirectoryEntries {
    private DirectoryEntries() {}

    /** One opendir's listing, under {@code handle}. */
    static DirectoryListing list(long handle, InodeTable tree, Inode directory, Caller caller) throws FsException {
        // A directory made from mount.yaml never changes while its tree serves: its listing is built once.
        if (directory.node() instanceof StaticDirectory fixed) {
            List<DirectoryListing.Entry> entries = fixed.derived(FixedEntries.class,
                    () -> new FixedEntries(entries(tree, directory, fixed.children(caller)))).entries();
            return new DirectoryListing(handle, entries, fixed, directory, tree);
        }
        List<Directory.Entry> children = ((Directory) directory.node()).children(caller);
        if (children == null) {
            throw new FsException(Errno.EIO, "the plugin's directory listed nothing (null)");
        }
        return new DirectoryListing(handle, new ListingView(tree, directory, children), null, directory, tree);
    }

    /**
     * A plugin directory's snapshot as readdir entries, made one at a time when asked: a listing of 100,000
     * rows is held once, by the plugin, not copied per opendir. Index 0 is ".", 1 is "..".
     */
    private static final class ListingView extends AbstractList<DirectoryListing.Entry> {
        private final InodeTable tree;
        private final Inode directory;
        private final List<Directory.Entry> children;

        ListingView(InodeTable tree, Inode directory, List<Directory.Entry> children) {
            this.tree = tree;
            this.directory = directory;
            this.children = children;
        }

        @Override
        public DirectoryListing.Entry get(int index) {
            if (index == 0) {
                return new DirectoryListing.Entry(".", directory.number(), true, null);
            }
            if (index == 1) {
                Inode parent = directory.parent() == null ? directory : directory.parent();
                return new DirectoryListing.Entry("..", parent.number(), true, null);
            }
            Directory.Entry child = children.get(index - 2);
            return child == null ? null : entry(tree, directory, child); // past the end of a streamed listing
        }

        /** Integer.MAX_VALUE, as the plugin's, while a streamed listing's end is not known. */
        @Override
        public int size() {
            int size = children.size();
            return size >= Integer.MAX_VALUE - 2 ? Integer.MAX_VALUE : size + 2;
        }
    }

    private static DirectoryListing.Entry entry(InodeTable tree, Inode directory, Directory.Entry child) {
        Inode known = tree.known(directory, child.name());
        boolean isDirectory = child.node() instanceof Directory;
        long inode = known != null && known.isDirectory() == isDirectory ? known.number() : Vfs.UNKNOWN_INODE;
        return new DirectoryListing.Entry(child.name(), inode, isDirectory, child.node());
    }

    /** A static directory's listing, kept with the directory. */
    private record FixedEntries(List<DirectoryListing.Entry> entries) {}

    private static List<DirectoryListing.Entry> entries(InodeTable tree, Inode directory, List<Directory.Entry> children) {
        List<DirectoryListing.Entry> entries = new ArrayList<>();
        entries.add(new DirectoryListing.Entry(".", directory.number(), true, null));
        Inode parent = directory.parent() == null ? directory : directory.parent();
        entries.add(new DirectoryListing.Entry("..", parent.number(), true, null));
        for (Directory.Entry child : children) {
            entries.add(entry(tree, directory, child));
        }
        return List.copyOf(entries);
    }
}
