package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

/**
 * Sends replies: a fuse_out_header followed by a payload the caller wrote at {@link #PAYLOAD} of the buffer.
 * Small replies (entries, attributes, errors) are built in a buffer of the sending thread, so any thread may
 * answer a request; a READ's bytes are read straight into the worker's request buffer behind the header.
 */
final class Replies {
    static final int PAYLOAD = OUT_HEADER_SIZE;
    /** Room for the largest small reply: a notification with a name of up to 4 KiB. */
    private static final int SMALL_SIZE = 8192;
    private static final ThreadLocal<NativeBuffer> SMALL = ThreadLocal.withInitial(() -> new NativeBuffer(SMALL_SIZE));

    private final FuseDevice device;
    private final RequestMeter meter;

    Replies(FuseDevice device, RequestMeter meter) {
        this.device = device;
        this.meter = meter;
    }

    RequestMeter meter() {
        return meter;
    }

    /** This thread's buffer for a small reply; write the payload from {@link #PAYLOAD} on. */
    static NativeBuffer small() {
        return SMALL.get();
    }

    /** Sends the reply to {@code unique} whose payload of {@code length} bytes is in {@code buffer}. */
    boolean send(long unique, NativeBuffer buffer, int length) {
        return write(buffer, length, 0, unique);
    }

    /** Sends an error reply, or success with no payload for {@code errno} 0. */
    boolean error(long unique, int errno) {
        return write(SMALL.get(), 0, -errno, unique);
    }

    /** Sends notification {@code code} whose payload of {@code length} bytes is in this thread's small buffer. */
    boolean notify(int code, int length) {
        return write(SMALL.get(), length, code, 0);
    }

    /** Writes the fuse_out_header in front of {@code length} payload bytes, and sends both. */
    private boolean write(NativeBuffer buffer, int length, int error, long unique) {
        int total = OUT_HEADER_SIZE + length;
        buffer.bytes.putInt(OUT_LEN, total);
        buffer.bytes.putInt(OUT_ERROR, error);
        buffer.bytes.putLong(OUT_UNIQUE, unique);
        boolean sent = device.write(buffer, total);
        meter.answered(unique, error, length);
        return sent;
    }

    FuseDevice device() {
        return device;
    }
}
