package dev.magicfs.host.vfs;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code max_open_files}, shared fairly: one user holding descriptors must not make every other user's open
 * fail. No user but root may hold more than {@link #USER_SHARE} of the files, and the last {@link #ROOT_RESERVE}
 * of them are root's, as a filesystem keeps blocks for root. Past a limit an open fails with ENFILE.
 */
final class OpenFileLimits {
    /** The part of max_open_files one user other than root may hold. */
    static final double USER_SHARE = 0.5;
    /** The part of max_open_files only root may use. */
    static final double ROOT_RESERVE = 1.0 / 16;

    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<Integer, AtomicInteger> byUser = new ConcurrentHashMap<>();
    private volatile int max;

    OpenFileLimits(int max) {
        this.max = max;
    }

    /** A new max_open_files, from an edited mount.yaml; files open beyond it stay open. */
    void max(int value) {
        max = value;
    }

    int open() {
        return total.get();
    }

    /** Counts one more open file of {@code uid}, or refuses it. */
    void admit(int uid) throws FsException {
        int limit = max;
        AtomicInteger own = byUser.computeIfAbsent(uid, u -> new AtomicInteger());
        int all = total.incrementAndGet();
        int mine = own.incrementAndGet();
        String refusal = null;
        if (all > limit) {
            refusal = "max_open_files (" + limit + ") files are open";
        } else if (uid != 0 && all > limit - reserve(limit)) {
            refusal = "the last " + reserve(limit) + " of max_open_files (" + limit + ") are kept for root";
        } else if (uid != 0 && mine > share(limit)) {
            refusal = "user " + uid + " has " + share(limit) + " files open, its share of max_open_files (" + limit + ")";
        }
        if (refusal != null) {
            release(uid);
            throw new FsException(Errno.ENFILE, refusal);
        }
    }

    /** An open file of {@code uid} was closed. */
    void release(int uid) {
        total.decrementAndGet();
        AtomicInteger own = byUser.get(uid);
        if (own != null) {
            own.decrementAndGet(); // kept at 0 rather than removed: a racing admit must not lose its count
        }
    }

    private static int reserve(int limit) {
        return limit < 16 ? 0 : (int) (limit * ROOT_RESERVE);
    }

    private static int share(int limit) {
        return Math.max(1, (int) ((limit - reserve(limit)) * USER_SHARE));
    }
}
