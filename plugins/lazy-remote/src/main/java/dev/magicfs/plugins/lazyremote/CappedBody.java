package dev.magicfs.plugins.lazyremote;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Transfers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an HTTP body up to {@code maxSize} bytes. A body announced or found to be larger fails with EFBIG
 * as soon as that is known, and the rest is never read. An error status collects nothing.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final boolean keep;
    private final int maxSize;
    private final String url;
    private final FsException tooLarge;
    private final Transfers.Transfer transfer;
    private Flow.Subscription subscription;

    /** @param transfer hears of every chunk kept */
    CappedBody(int status, long announcedLength, int maxSize, String url, Transfers.Transfer transfer) {
        this.transfer = transfer;
        this.keep = status / 100 == 2;
        this.maxSize = maxSize;
        this.url = url;
        this.tooLarge = keep && announcedLength > maxSize
                ? new FsException(Errno.EFBIG, url + " is " + announcedLength + " bytes, more than max_size (" + maxSize + ")")
                : null;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (tooLarge != null) {
            s.cancel();
            result.completeExceptionally(tooLarge);
        } else if (!keep) {
            s.cancel();
            result.complete(new byte[0]);
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return; // cancelled: buffers already on their way are dropped
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > maxSize) {
                subscription.cancel();
                result.completeExceptionally(new FsException(Errno.EFBIG, url + " sent more than max_size (" + maxSize + " bytes)"));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
            transfer.moved(chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(new FsException(Errno.EIO, "GET " + url + " failed while reading the body: "
                + (failure instanceof IOException ? failure.getMessage() : failure), failure));
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
