package dev.magicfs.host.vfs;

import dev.magicfs.api.Caller;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import dev.magicfs.host.tree.Generation;
import dev.magicfs.host.tree.Inode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The contract between stat and open for {@link Generated} files, so tools that trust {@code st_size} (tar, git,
 * sendfile, mmap) get exactly the bytes cat shows. With {@code size: exact} (the default) a stat generates the
 * content and reports its length; the next open within the file's ttl (at least {@link #MIN_REUSE}) serves that
 * very generation, and a stat before that open reports it again. While handles read a generation, stat reports
 * that one (fstat carries no handle, and mmap maps what the size says). Each open gets
 * a generation of its own, left by a stat or new, except that requests arriving while one is being made share
 * it. With {@code size: unknown} a stat reports 0 and generates nothing.
 *
 * <p>A name lookup waits at most {@link #LOOKUP_WAIT} for a generation: the kernel looks up one new name of a
 * directory at a time, so a slow generation (a first download) must not hold the lookups of its neighbours.
 * It then reports the last known size, and the open that follows waits for the generation. (A file whose last
 * generation was quick is made on the lookup's thread; it holds its neighbours only if it turns slow.)
 */
final class GeneratedContent {
    /** How long a stat's generation waits for its open when the ttl is shorter: a stat and its open are µs apart. */
    static final Duration MIN_REUSE = Duration.ofSeconds(1);
    /** The longest a lookup waits for a generation before answering with the last known size. */
    static final Duration LOOKUP_WAIT = Duration.ofMillis(50);
    /**
     * A lookup makes the generation on its own thread when the file's last one took less than this, and hands
     * it to another thread otherwise (or before the first), so that it can answer after {@link #LOOKUP_WAIT}.
     */
    static final Duration INLINE_BELOW = Duration.ofMillis(5);
    /** Makes the generations lookups started, so a lookup can answer before a slow one is done. */
    private static final ExecutorService MAKERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "magicfs-generate");
        t.setDaemon(true);
        return t;
    });

    private GeneratedContent() {}

    private static boolean reportsExactSize(Inode inode) {
        return inode.node() instanceof Generated && !Boolean.FALSE.equals(inode.cachePolicy().exactSize());
    }

    /**
     * The size a stat reports, once known. A generation that fails is reported by the open that takes it, never
     * by stat: the stat shows the last known size, so {@code ls -l} lists the file and the reader gets the error.
     *
     * @param lookup true for a name lookup: the generation is made on another thread and waited for at most
     *     {@link #LOOKUP_WAIT}; the result is then always complete
     */
    static CompletableFuture<Long> sizeForStat(Inode inode, Caller caller, boolean lookup) {
        if (!reportsExactSize(inode)) {
            return CompletableFuture.completedFuture(inode.node() instanceof Generated ? 0 : Math.max(0, inode.node().size()));
        }
        byte[] beingRead = inode.beingRead();
        if (beingRead != null) {
            return CompletableFuture.completedFuture((long) beingRead.length);
        }
        long known = ((Generated) inode.node()).knownSize();
        if (known >= 0) {
            return CompletableFuture.completedFuture(known);
        }
        Generation.Use use = inode.generationFor(false, reuseNanos(inode));
        Generation generation = use.generation();
        if (use.mustMake()) {
            // A file whose last generation was quick is made here: a hand-over to another thread costs more.
            if (lookup && !quick(inode)) {
                MAKERS.execute(() -> make(inode, generation, caller));
            } else {
                make(inode, generation, caller);
            }
        }
        if (lookup) {
            byte[] content = generation.await(LOOKUP_WAIT.toMillis());
            return CompletableFuture.completedFuture(content != null ? content.length : lastKnownSize(inode));
        }
        return generation.content().handle((content, failure) -> content != null ? content.length : lastKnownSize(inode));
    }

    /** Whether a stat of {@code inode} would have to make a generation to tell its size. */
    static boolean statGenerates(Inode inode) {
        return reportsExactSize(inode) && inode.beingRead() == null && ((Generated) inode.node()).knownSize() < 0;
    }

    /** The content one open serves: the generation a stat left for it, the one being made, or a new one. */
    static CompletableFuture<byte[]> forOpen(Inode inode, Caller caller) {
        if (!reportsExactSize(inode)) {
            Generation own = new Generation();
            make(inode, own, caller);
            return own.content();
        }
        Generation.Use use = inode.generationFor(true, reuseNanos(inode));
        if (use.mustMake()) {
            make(inode, use.generation(), caller);
        }
        return use.generation().content();
    }

    /** One new generation of a {@link Generated} node's content, remembering its size. */
    static byte[] generate(Inode inode, Caller caller) throws FsException {
        byte[] generated = ((Generated) inode.node()).generate(caller);
        if (generated == null) {
            generated = new byte[0];
        }
        inode.generatedSize(generated.length);
        return generated;
    }

    private static void make(Inode inode, Generation generation, Caller caller) {
        long start = System.nanoTime();
        try {
            generation.made(generate(inode, caller));
            long took = System.nanoTime() - start;
            inode.lastGenerationNanos(took);
            if (inode.parent() != null) {
                inode.parent().lastGenerationNanos(took);
            }
        } catch (FsException | RuntimeException | Error e) {
            generation.failed(e); // classified and logged once, where the request is answered
        }
    }

    /**
     * Whether the file's last generation was quick; before the first of a file a plugin's directory listed,
     * whether its neighbours' were (a js-dir's 1,000 files share one script, and each is generated at its
     * first lookup). A file from mount.yaml has its own plugin state (a script's first context): no hint.
     */
    private static boolean quick(Inode inode) {
        long last = inode.lastGenerationNanos();
        if (last < 0 && !inode.isPinned() && inode.parent() != null) {
            last = inode.parent().lastGenerationNanos();
        }
        return last >= 0 && last < INLINE_BELOW.toNanos();
    }

    /** The size of the last generation, or before the first the size the node announces (a download's length). */
    private static long lastKnownSize(Inode inode) {
        return inode.generatedSize() >= 0 ? inode.generatedSize() : Math.max(0, inode.node().size());
    }

    private static long reuseNanos(Inode inode) {
        Duration ttl = inode.cachePolicy().ttl();
        return Math.max(ttl == null ? 0 : ttl.toNanos(), MIN_REUSE.toNanos());
    }
}
