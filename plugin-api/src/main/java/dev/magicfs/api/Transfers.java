package dev.magicfs.api;

/**
 * Reports a file's long transfers (a download, an upload) the way the host reports everything: one that runs
 * past about a second logs its progress (bytes, the total when known, the rate) at most once a second, and
 * shows in {@code /.magic/stats} while it runs. A transfer that ends within the second costs a few fields.
 */
public interface Transfers {

    /**
     * A transfer starts.
     *
     * @param what what moves, for the log, such as {@code "download of https://example.com/big.iso"}
     * @param total the bytes it will move, or {@link Node#UNKNOWN_SIZE} when not known
     */
    Transfer start(String what, long total);

    /** One transfer: tell it the bytes as they move, and close it when it ends, however it ends. */
    interface Transfer extends AutoCloseable {
        /** {@code bytes} more have moved. */
        void moved(long bytes);

        /**
         * The transfer starts over from its first byte (a retry, or a body read again to be sent): the bytes
         * reported so far no longer count.
         */
        default void restarted() {}

        /** The transfer ended (done or failed); progress stops. */
        @Override
        void close();
    }

    /** Reports nothing: for {@code magicfs check}, and for specs outside a mount. */
    Transfers NONE = (what, total) -> new Transfer() {
        @Override
        public void moved(long bytes) {}

        @Override
        public void close() {}
    };
}
