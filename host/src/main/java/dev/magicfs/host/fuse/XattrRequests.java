package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Extended attributes: GETXATTR, LISTXATTR, SETXATTR, REMOVEXATTR, served where a mount has a changeable
 * tree. Elsewhere they get ENOSYS once and the kernel answers EOPNOTSUPP itself from then on, so a mount of
 * declared files pays no round trip for the attribute lookups of {@code ls -l} or of every write.
 *
 * <p>A GETXATTR or LISTXATTR of size 0 asks only how long the answer is; one whose answer does not fit
 * {@code size} gets ERANGE. A change is logged at INFO.
 */
final class XattrRequests {
    private static final int ERANGE = jnr.constants.platform.Errno.ERANGE.intValue();

    private final Answers answers;

    XattrRequests(Answers answers) {
        this.answers = answers;
    }

    void get(Request r) {
        String name = r.nameAt(GETXATTR_IN_SIZE);
        answer(r, "GETXATTR", " " + name, () -> answers.vfs.namespace().getXattr(r.nodeId, name));
    }

    void list(Request r) {
        answer(r, "LISTXATTR", "", () -> {
            List<String> names = answers.vfs.namespace().xattrNames(r.nodeId, r.caller());
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (String name : names) {
                joined.writeBytes(name.getBytes(StandardCharsets.UTF_8));
                joined.write(0);
            }
            return joined.toByteArray();
        });
    }

    void set(Request r) {
        String name = r.nameAt(SETXATTR_IN_SIZE);
        int size = r.intAt(SETXATTR_IN_SIZE_FIELD);
        answers.settle(r, "SETXATTR", answers.describe(r.nodeId), " " + name + " (" + size + " bytes)", true, () -> {
            byte[] value = new byte[size];
            r.dataAt(r.afterNameAt(SETXATTR_IN_SIZE), size).get(value);
            answers.vfs.namespace().setXattr(r.nodeId, name, value, r.intAt(SETXATTR_IN_FLAGS));
        });
    }

    void remove(Request r) {
        String name = r.nameAt(0);
        answers.settle(r, "REMOVEXATTR", answers.describe(r.nodeId), " " + name, true,
                () -> answers.vfs.namespace().removeXattr(r.nodeId, name));
    }

    private interface Value {
        byte[] get() throws Exception;
    }

    /** Replies with {@code value}'s length, the value itself, or ERANGE, as the request's size asks. */
    private void answer(Request r, String operation, String detail, Value value) {
        long unique = r.unique;
        int size = r.intAt(GETXATTR_IN_SIZE_FIELD);
        byte[] bytes;
        try {
            answers.deadlines.enter(unique, operation, r.nodeId, true);
            answers.debug(operation, r.nodeId, detail);
            bytes = value.get();
        } catch (Throwable t) {
            if (answers.deadlines.leave()) { // an attribute that is not there is the usual answer: no INFO line
                if (t instanceof FsException e && e.errno() == Errno.ENODATA) {
                    answers.replies.error(unique, Errnos.number(e.errno()));
                } else {
                    answers.replyFailure(unique, operation + " " + answers.describe(r.nodeId) + detail, t);
                }
            }
            return;
        }
        if (size != 0 && bytes.length > size) {
            if (answers.deadlines.leave()) {
                answers.replies.error(unique, ERANGE);
            }
            return;
        }
        // The answer goes out of the request's own buffer, read in full already: a value may be 64 KiB.
        NativeBuffer out = r.buffer;
        if (size == 0) {
            out.bytes.putLong(Replies.PAYLOAD, 0).putInt(Replies.PAYLOAD, bytes.length);
            answers.reply(unique, out, GETXATTR_OUT_SIZE);
        } else {
            out.bytes.put(Replies.PAYLOAD, bytes);
            answers.reply(unique, out, bytes.length);
        }
    }
}
