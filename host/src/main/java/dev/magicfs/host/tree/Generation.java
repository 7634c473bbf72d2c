package dev.magicfs.host.tree;

import dev.magicfs.api.FsException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One generation of a {@code Generated} node's content, in the making or made: requests that need it while it
 * is being made wait for this one instead of running the plugin again. A failed generation is kept too, with
 * what the plugin threw, so the open that takes it fails the same way without running the plugin again.
 */
public final class Generation {
    private final CompletableFuture<byte[]> content = new CompletableFuture<>();
    private volatile long madeAt;
    /** Taken by an open; guarded by the inode that holds this generation. */
    boolean claimed;

    /** The content once made; completed exceptionally with what the plugin threw if it failed. */
    public CompletableFuture<byte[]> content() {
        return content;
    }

    public void made(byte[] bytes) {
        madeAt = System.nanoTime();
        content.complete(bytes);
    }

    /** The plugin threw {@code failure}: an {@link FsException}, or a bug the request layer reports as EIO. */
    public void failed(Throwable failure) {
        madeAt = System.nanoTime();
        content.completeExceptionally(failure);
    }

    /** Still being made, or made less than {@code nanos} ago. */
    boolean freshFor(long nanos) {
        return !content.isDone() || System.nanoTime() - madeAt < nanos;
    }

    /** The content, waiting at most {@code millis}; null when it failed or is not made by then. */
    public byte[] await(long millis) {
        try {
            return content.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * What a request does with the generation it was given.
     *
     * @param mustMake true: the generation is new and the caller must make it ({@link #made} or {@link #failed})
     */
    public record Use(Generation generation, boolean mustMake) {}
}
