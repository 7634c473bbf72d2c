package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Transfers;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A request body that tells a transfer how far it has been read, so that an upload's progress moves as its
 * bytes go out rather than at its end. The SDK may read a body more than once: to sign it (over plain
 * HTTP), then to send it, or again for a retry. Each new reading starts the count over, so the one that
 * sends is the one counted.
 */
final class CountedBody {
    private CountedBody() {}

    /** The {@code length} bytes {@code source} gives, reported to {@code transfer} as they are read. */
    static RequestBody of(Transfers.Transfer transfer, long length, ContentStreamProvider source) {
        AtomicBoolean readBefore = new AtomicBoolean();
        return RequestBody.fromContentProvider(() -> {
            if (readBefore.getAndSet(true)) {
                transfer.restarted();
            }
            return new CountingStream(source.newStream(), transfer);
        }, length, "application/octet-stream");
    }

    /** A stream that tells {@code transfer} of every byte read or skipped. */
    static class CountingStream extends FilterInputStream {
        private final Transfers.Transfer transfer;

        CountingStream(InputStream in, Transfers.Transfer transfer) {
            super(in);
            this.transfer = transfer;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                transfer.moved(1);
            }
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = super.read(into, offset, length);
            if (n > 0) {
                transfer.moved(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            transfer.moved(skipped);
            return skipped;
        }
    }
}
