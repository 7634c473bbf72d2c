package dev.magicfs.host.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The mount's recent log lines, at most {@link #capacity} bytes of them, for {@code /.magic/log}. Positions
 * count every byte logged since the mount, so a reader knows what it missed: the ring holds
 * {@code [start(), end())} and drops whole lines from the front to make room.
 */
public final class LogRing {
    /** 1 MiB: about 10,000 lines, hours of an ordinary mount's log. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final byte[] bytes;
    private final int capacity;
    private long start;
    private long end;

    public LogRing(int capacity) {
        this.capacity = capacity;
        this.bytes = new byte[capacity];
    }

    /** Adds {@code line} and a newline; a line longer than the ring is cut to fit. */
    public synchronized void append(String line) {
        byte[] text = (line + "\n").getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, capacity);
        if (length < text.length) {
            text[length - 1] = '\n';
        }
        while (end + length - start > capacity) {
            dropOldestLine();
        }
        for (int i = 0; i < length; i++) {
            bytes[(int) ((end + i) % capacity)] = text[i];
        }
        end += length;
    }

    private void dropOldestLine() {
        while (start < end && bytes[(int) (start++ % capacity)] != '\n') {
            // skip to the byte after the oldest line's newline
        }
    }

    /** The position of the oldest byte held. */
    public synchronized long start() {
        return start;
    }

    /** The position after the newest byte: every byte logged since the mount. */
    public synchronized long end() {
        return end;
    }

    /**
     * Copies the bytes held from {@code position} on into {@code into}, as many as fit.
     *
     * @return how many; 0 when {@code position} is at or past the end, or no longer held
     */
    public synchronized int read(long position, ByteBuffer into) {
        if (position < start || position >= end) {
            return 0;
        }
        int n = (int) Math.min(into.remaining(), end - position);
        for (int i = 0; i < n; i++) {
            into.put(bytes[(int) ((position + i) % capacity)]);
        }
        return n;
    }
}
