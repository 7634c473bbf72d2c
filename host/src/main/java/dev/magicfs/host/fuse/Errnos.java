package dev.magicfs.host.fuse;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;

/** The one place where failures become errno numbers. */
final class Errnos {
    private static final int[] NUMBERS = new int[Errno.values().length];

    static {
        for (Errno e : Errno.values()) {
            NUMBERS[e.ordinal()] = jnr.constants.platform.Errno.valueOf(e.name()).intValue();
        }
    }

    private Errnos() {}

    /** The errno for a failure: a node's own for an {@link FsException}, EIO for any other throwable. */
    static Errno classify(Throwable failure) {
        return failure instanceof FsException fs ? fs.errno() : Errno.EIO;
    }

    static int number(Errno errno) {
        return NUMBERS[errno.ordinal()];
    }
}
