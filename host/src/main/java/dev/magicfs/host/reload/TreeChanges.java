package dev.magicfs.host.reload;

import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.vfs.KernelCache;
import java.util.Objects;

/**
 * What changed between the tree being served and the one replacing it, path by path, and what the kernel
 * must forget for that: the name of a file that went away or became another inode, the attributes and pages
 * of a file whose content or settings changed, and the attributes of a directory whose names changed.
 */
final class TreeChanges {
    int added;
    int removed;
    int changed;

    private TreeChanges() {}

    /** Compares {@code before} and {@code after}, telling {@code kernel} what to forget as it goes. */
    static TreeChanges between(InodeTable before, InodeTable after, KernelCache kernel) {
        TreeChanges changes = new TreeChanges();
        changes.compare(before.root(), after, "", kernel);
        changes.countAdded(after.root(), before, "", kernel);
        return changes;
    }

    boolean isEmpty() {
        return added + removed + changed == 0;
    }

    /** {@code +2 -1 ~1 files}. */
    @Override
    public String toString() {
        return "+" + added + " -" + removed + " ~" + changed + " files";
    }

    private void compare(Inode old, InodeTable after, String path, KernelCache kernel) {
        for (Inode child : old.childInodes()) {
            if (!child.isPinned()) {
                continue; // found by lookup in a plugin's directory: its directory answers for it
            }
            String childPath = path.isEmpty() ? child.name() : path + "/" + child.name();
            Inode now = after.find(childPath);
            if (now == null || now.number() != child.number() || now.isDirectory() != child.isDirectory()) {
                kernel.forgetName(old.number(), child.name());
                count(child, now == null ? -1 : 0);
            } else if (child.isDirectory()) {
                compare(child, after, childPath, kernel);
            } else if (now.node() != child.node() || now.permissions() != child.permissions()
                    || !Objects.equals(now.cachePolicy(), child.cachePolicy())) {
                kernel.forgetContent(now.number());
                changed++;
            }
        }
    }

    private void countAdded(Inode now, InodeTable before, String path, KernelCache kernel) {
        boolean namesChanged = false;
        for (Inode child : now.childInodes()) {
            String childPath = path.isEmpty() ? child.name() : path + "/" + child.name();
            Inode old = before.find(childPath);
            if (old == null || old.number() != child.number()) {
                namesChanged = true;
                if (!child.isDirectory()) {
                    added += old == null ? 1 : 0;
                } else {
                    added += files(child);
                }
            } else if (child.isDirectory()) {
                countAdded(child, before, childPath, kernel);
            }
        }
        Inode old = before.find(path);
        if (namesChanged || old == null || old.childInodes().size() != now.childInodes().size()) {
            kernel.forgetContent(now.number()); // its link count and listing changed
        }
    }

    /** A name that went away ({@code -1}) or now names another inode ({@code 0}). */
    private void count(Inode gone, int how) {
        int files = gone.isDirectory() ? files(gone) : 1;
        if (how < 0) {
            removed += files;
        } else {
            changed += files;
        }
    }

    private static int files(Inode directory) {
        int n = 0;
        for (Inode child : directory.childInodes()) {
            n += child.isDirectory() ? files(child) : 1;
        }
        return n;
    }
}
