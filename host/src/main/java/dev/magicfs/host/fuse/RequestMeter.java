package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.host.stats.MountStatistics;

/**
 * Times every request from the moment a worker reads it to the moment its one reply is written, on whatever
 * thread writes it (a worker, a finished download, the watchdog), and hands the result to
 * {@link MountStatistics}.
 *
 * <p>How: the kernel numbers requests with consecutive even ids, so a request's slot is its id over two,
 * modulo {@link #SLOTS}; the slot keeps the id, so a reply finds its arrival without a map and a reply whose
 * slot was taken over (more than {@link #SLOTS} requests in flight) is just not timed.
 */
final class RequestMeter {
    private static final int SLOTS = 4096;
    private static final int MAX_OPCODE = STATX;

    private final long[] uniques = new long[SLOTS];
    private final long[] arrivals = new long[SLOTS];
    private final int[] opcodes = new int[SLOTS];
    private final long[] written = new long[SLOTS];
    private final MountStatistics.Operation[] operations = new MountStatistics.Operation[MAX_OPCODE + 1];

    private final MountStatistics statistics;

    RequestMeter(MountStatistics statistics) {
        this.statistics = statistics;
    }

    /**
     * A request read from the device, before it is dispatched.
     *
     * @return when it arrived, for {@link #dispatched}
     */
    long arrived(Request r) {
        long now = System.nanoTime();
        if (hasNoReply(r.opcode)) {
            return now; // an INTERRUPT's id is its request's with the low bit set: it must not take that slot
        }
        int slot = slot(r.unique);
        uniques[slot] = r.unique;
        opcodes[slot] = r.opcode;
        written[slot] = r.opcode == WRITE ? Math.max(0, r.bodyLength() - WRITE_IN_SIZE) : 0;
        arrivals[slot] = now;
        return now;
    }

    /** After dispatch: a request the protocol answers with no reply (FORGET, INTERRUPT) is done now. */
    void dispatched(Request r, long arrival) {
        if (hasNoReply(r.opcode)) {
            operation(r.opcode).answered(System.nanoTime() - arrival, 0, null);
        }
    }

    private static boolean hasNoReply(int opcode) {
        return opcode == FORGET || opcode == BATCH_FORGET || opcode == INTERRUPT;
    }

    /**
     * The reply to {@code unique} was written.
     *
     * @param error 0 or a negative errno, as in the reply's header
     * @param payload the reply's length after its header: a READ's bytes
     */
    void answered(long unique, int error, int payload) {
        int slot = slot(unique);
        if (unique == 0 || uniques[slot] != unique) {
            return; // a notification, or a slot reused by a newer request
        }
        uniques[slot] = 0;
        int opcode = opcodes[slot];
        long bytes = opcode == READ && error == 0 ? payload : written[slot];
        operation(opcode).answered(System.nanoTime() - arrivals[slot], bytes, error == 0 ? null : errnoName(-error));
    }

    /** Found once per opcode, on its first answer, so the statistics list only the operations that came. */
    private MountStatistics.Operation operation(int opcode) {
        int index = opcode > 0 && opcode <= MAX_OPCODE ? opcode : 0;
        MountStatistics.Operation operation = operations[index];
        if (operation == null) {
            String name = name(opcode);
            operation = statistics.operation(name != null ? name : "OTHER");
            operations[index] = operation; // a race stores the same object twice
        }
        return operation;
    }

    private static int slot(long unique) {
        return (int) (unique >>> 1) & (SLOTS - 1);
    }

    private static String errnoName(int errno) {
        jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(errno);
        return e == null || e.name().startsWith("__") ? "E" + errno : e.name();
    }

    /** The opcode's name as fuse.h spells it without FUSE_, or null for one magicfs does not know. */
    static String name(int opcode) {
        return switch (opcode) {
            case LOOKUP -> "LOOKUP";
            case FORGET -> "FORGET";
            case GETATTR -> "GETATTR";
            case SETATTR -> "SETATTR";
            case READLINK -> "READLINK";
            case SYMLINK -> "SYMLINK";
            case MKNOD -> "MKNOD";
            case MKDIR -> "MKDIR";
            case UNLINK -> "UNLINK";
            case RMDIR -> "RMDIR";
            case RENAME -> "RENAME";
            case LINK -> "LINK";
            case OPEN -> "OPEN";
            case READ -> "READ";
            case WRITE -> "WRITE";
            case STATFS -> "STATFS";
            case RELEASE -> "RELEASE";
            case FSYNC -> "FSYNC";
            case SETXATTR -> "SETXATTR";
            case GETXATTR -> "GETXATTR";
            case LISTXATTR -> "LISTXATTR";
            case REMOVEXATTR -> "REMOVEXATTR";
            case FLUSH -> "FLUSH";
            case OPENDIR -> "OPENDIR";
            case READDIR -> "READDIR";
            case RELEASEDIR -> "RELEASEDIR";
            case FSYNCDIR -> "FSYNCDIR";
            case CREATE -> "CREATE";
            case INTERRUPT -> "INTERRUPT";
            case DESTROY -> "DESTROY";
            case BATCH_FORGET -> "BATCH_FORGET";
            case FALLOCATE -> "FALLOCATE";
            case READDIRPLUS -> "READDIRPLUS";
            case RENAME2 -> "RENAME2";
            default -> null; // left to the kernel with ENOSYS
        };
    }
}
