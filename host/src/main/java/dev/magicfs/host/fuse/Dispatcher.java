package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import jnr.constants.platform.Errno;

/**
 * Every opcode the kernel may send, and its deliberate answer. Besides the handlers':
 * <ul>
 *   <li>INTERRUPT: the interrupted request is answered with EINTR ({@link RequestDeadlines#interrupt});</li>
 *   <li>FORGET, BATCH_FORGET, INTERRUPT and NOTIFY_REPLY get no reply, as the protocol says;</li>
 *   <li>DESTROY: success;</li>
 *   <li>ENOSYS, which the kernel remembers and then handles itself, for what magicfs leaves to it: xattrs
 *       in a mount without a changeable tree (then EOPNOTSUPP), POSIX and flock locks (then local to this machine), ACCESS (then the mode bits),
 *       LSEEK (the generic one), COPY_FILE_RANGE (a copy through read and write), POLL (always ready),
 *       STATX (GETATTR), and IOCTL, BMAP, SYNCFS, TMPFILE and any opcode newer than magicfs.</li>
 * </ul>
 */
final class Dispatcher {
    private static final int ENOSYS = Errno.ENOSYS.intValue();
    private static final int EPROTO = Errno.EPROTO.intValue();

    private final Answers answers;
    private final NodeRequests nodes;
    private final FileRequests files;
    private final DirectoryRequests directories;
    private final NamespaceRequests names;
    /** Null where the mount has no changeable tree, so no file keeps extended attributes. */
    private final XattrRequests xattrs;

    Dispatcher(Answers answers, Passthrough passthrough, boolean servesXattrs) {
        this.answers = answers;
        this.nodes = new NodeRequests(answers);
        this.files = new FileRequests(answers, passthrough);
        this.directories = new DirectoryRequests(answers);
        this.names = new NamespaceRequests(answers);
        this.xattrs = servesXattrs ? new XattrRequests(answers) : null;
    }

    void dispatch(Request r) {
        switch (r.opcode) {
            case LOOKUP -> nodes.lookup(r);
            case GETATTR -> nodes.getattr(r);
            case OPEN -> files.open(r);
            case READ -> files.read(r);
            case RELEASE -> files.release(r);
            case FLUSH -> files.flush(r, false);
            case READDIR -> directories.readdir(r, false);
            case READDIRPLUS -> directories.readdir(r, true);
            case OPENDIR -> directories.opendir(r);
            case RELEASEDIR -> directories.releasedir(r);
            case FORGET -> nodes.forget(r);
            case BATCH_FORGET -> nodes.batchForget(r);
            case SETATTR -> nodes.setattr(r);
            case FALLOCATE -> files.fallocate(r);
            case WRITE -> files.write(r);
            case FSYNC -> files.flush(r, true);
            case FSYNCDIR -> directories.fsyncdir(r);
            case STATFS -> nodes.statfs(r);
            case INTERRUPT -> answers.deadlines.interrupt(r.longAt(INTERRUPT_IN_UNIQUE));
            case MKNOD -> names.mknod(r);
            case MKDIR -> names.mkdir(r);
            case CREATE -> files.create(r);
            case SYMLINK -> names.symlink(r);
            case LINK -> names.link(r);
            case UNLINK -> names.unlink(r, false);
            case RMDIR -> names.unlink(r, true);
            case RENAME -> names.rename(r, false);
            case RENAME2 -> names.rename(r, true);
            case NOTIFY_REPLY -> { } // magicfs sends no RETRIEVE, so expects none of these
            case READLINK -> names.readlink(r);
            case GETXATTR, LISTXATTR, SETXATTR, REMOVEXATTR -> xattr(r);
            case DESTROY -> answers.replies.error(r.unique, 0);
            case INIT -> answers.replies.error(r.unique, EPROTO); // negotiated once, before the workers start
            default -> {
                answers.debug("opcode " + r.opcode, r.nodeId, " -> ENOSYS: left to the kernel");
                answers.replies.error(r.unique, ENOSYS);
            }
        }
    }

    private void xattr(Request r) {
        if (xattrs == null) {
            answers.replies.error(r.unique, ENOSYS);
            return;
        }
        switch (r.opcode) {
            case GETXATTR -> xattrs.get(r);
            case LISTXATTR -> xattrs.list(r);
            case SETXATTR -> xattrs.set(r);
            default -> xattrs.remove(r);
        }
    }
}
