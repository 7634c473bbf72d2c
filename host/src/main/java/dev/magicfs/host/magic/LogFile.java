package dev.magicfs.host.magic;

import dev.magicfs.host.log.LogRing;
import dev.magicfs.host.vfs.FollowedContent;
import java.nio.ByteBuffer;

/**
 * {@code /.magic/log}: the recent log lines. An open reads from the oldest line held on, and keeps growing
 * while new lines come, so {@code tail -f} follows it. A reader that falls behind by more than the ring
 * holds skips the lines that were dropped, and reads on from the oldest one still held.
 */
final class LogFile implements FollowedContent {
    private final LogRing ring;

    LogFile(LogRing ring) {
        this.ring = ring;
    }

    @Override
    public long size() {
        return ring.end() - ring.start();
    }

    @Override
    public int mode() {
        return 0400;
    }

    @Override
    public Reader follow() {
        return new Reader() {
            /** The ring position of this stream's offset 0; it moves forward when the stream skips dropped lines. */
            private long base = ring.start();

            @Override
            public synchronized long size() {
                return ring.end() - base;
            }

            @Override
            public synchronized int read(long offset, ByteBuffer into) {
                long start = ring.start();
                if (base + offset < start) {
                    base = start - offset;
                }
                return ring.read(base + offset, into);
            }
        };
    }
}
