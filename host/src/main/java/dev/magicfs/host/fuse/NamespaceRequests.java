package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.api.Caller;
import dev.magicfs.host.log.MountLog.Level;
import dev.magicfs.host.tree.Inode;
import java.nio.charset.StandardCharsets;

/**
 * Requests that change names: MKNOD, MKDIR, SYMLINK, LINK, UNLINK, RMDIR, RENAME, RENAME2, and READLINK.
 * Each is logged at INFO with the path it changes. Where mount.yaml fixes the names, {@code Vfs} refuses.
 */
final class NamespaceRequests {
    private final Answers answers;

    NamespaceRequests(Answers answers) {
        this.answers = answers;
    }

    void mknod(Request r) {
        String name = r.nameAt(MKNOD_IN_SIZE);
        created(r, "MKNOD", name, () -> answers.vfs.namespace().createNode(r.nodeId, name, r.intAt(MKNOD_IN_MODE),
                Integer.toUnsignedLong(r.intAt(MKNOD_IN_RDEV)), null, r.caller()));
    }

    void mkdir(Request r) {
        String name = r.nameAt(MKDIR_IN_SIZE);
        created(r, "MKDIR", name, () -> answers.vfs.namespace().createNode(r.nodeId, name, S_IFDIR | (r.intAt(MKDIR_IN_MODE) & 07777), 0,
                null, r.caller()));
    }

    /** SYMLINK's body is the new name, then the target, each NUL-terminated. */
    void symlink(Request r) {
        String name = r.nameAt(0);
        String target = r.nameAt(r.afterNameAt(0));
        created(r, "SYMLINK", name, () -> answers.vfs.namespace().createNode(r.nodeId, name, S_IFLNK | 0777, 0, target, r.caller()));
    }

    /** LINK comes to the new name's directory; the file linked is {@code oldnodeid}. */
    void link(Request r) {
        String name = r.nameAt(LINK_IN_SIZE);
        created(r, "LINK", name, () -> answers.vfs.namespace().link(r.longAt(LINK_IN_OLDNODEID), r.nodeId, name, r.caller()));
    }

    void unlink(Request r, boolean directory) {
        String operation = directory ? "RMDIR" : "UNLINK";
        String name = r.nameAt(0);
        changed(r, operation, name, "", () -> answers.vfs.namespace().remove(r.nodeId, name, directory, r.caller()));
    }

    void rename(Request r, boolean withFlags) {
        int namesAt = withFlags ? RENAME2_IN_SIZE : RENAME_IN_SIZE;
        long newParent = r.longAt(withFlags ? RENAME2_IN_NEWDIR : RENAME_IN_NEWDIR);
        int flags = withFlags ? r.intAt(RENAME2_IN_FLAGS) : 0;
        String name = r.nameAt(namesAt);
        String newName = r.nameAt(r.afterNameAt(namesAt));
        String detail = " -> " + answers.pathOf(newParent, newName) + (flags != 0 ? " flags=" + flags : "");
        changed(r, "RENAME", name, detail, () -> {
            Answers.checkLength(newName);
            answers.vfs.namespace().rename(r.nodeId, name, newParent, newName, flags, r.caller());
        });
    }

    void readlink(Request r) {
        NativeBuffer out = Replies.small();
        int length;
        try {
            answers.debug("READLINK", r.nodeId, "");
            byte[] target = answers.vfs.namespace().readlink(r.nodeId).getBytes(StandardCharsets.UTF_8);
            out.bytes.put(Replies.PAYLOAD, target);
            length = target.length;
        } catch (Throwable t) {
            answers.fail(r.unique, "READLINK " + answers.describe(r.nodeId), t);
            return;
        }
        answers.replies.send(r.unique, out, length);
    }

    private interface Creation {
        Inode run() throws Exception;
    }

    /** Runs a request that makes a name and answers with its entry, as a LOOKUP of it would. */
    private void created(Request r, String operation, String name, Creation creation) {
        long unique = r.unique;
        String path = answers.pathOf(r.nodeId, name);
        NativeBuffer out = Replies.small();
        try {
            Answers.checkLength(name);
            answers.deadlines.enter(unique, operation, r.nodeId, true);
            Inode inode = creation.run();
            if (answers.log.isOn(Level.INFO)) {
                answers.log.request(operation, path, 0, " -> ino=" + inode.number());
            }
            Caller caller = r.caller();
            AttrCodec.entryOut(out.bytes, Replies.PAYLOAD, inode.number(), answers.vfs.attributes(inode, caller),
                    inode.cachePolicy().ttl());
        } catch (Throwable t) {
            answers.fail(unique, operation + " " + path, t);
            return;
        }
        answers.reply(unique, out, ENTRY_OUT_SIZE);
    }

    private void changed(Request r, String operation, String name, String detail, Answers.Action change) {
        answers.settle(r, operation, answers.pathOf(r.nodeId, name), detail, true, () -> {
            Answers.checkLength(name);
            change.run();
        });
    }
}
