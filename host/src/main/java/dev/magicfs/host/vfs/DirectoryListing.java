package dev.magicfs.host.vfs;

import dev.magicfs.api.Node;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.tree.StaticDirectory;
import java.util.List;

/**
 * The entries of one opendir(3), fixed at open so readdir offsets stay consistent while the directory
 * changes. Offset {@code i} continues after entry {@code i - 1}.
 *
 * @param fixed the directory when it is one made from mount.yaml, which never changes while its tree serves:
 *     every opendir of it gets these same entries, and a reader may keep derived forms of them there; else null
 * @param directory the directory listed, and {@code tree} the tree it was listed from, for
 *     {@link Vfs#lookUpListed}
 */
public record DirectoryListing(long handle, List<Entry> entries, StaticDirectory fixed, Inode directory, InodeTable tree) {

    /**
     * One name; {@code inode} is {@link Vfs#UNKNOWN_INODE} for a child the kernel has not looked up yet, and
     * {@code node} is null for "." and "..".
     */
    public record Entry(String name, long inode, boolean directory, Node node) {}
}
