package dev.magicfs.plugins.memory;

import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: writable-memory}: a file that can be written, appended to and truncated, kept in memory and
 * lost at exit. {@code text} is its initial content; {@code max_size} (default 64MiB) bounds it.
 */
@Extension
public final class WritableMemoryKind implements FileKind {
    static final String MAX_SIZE = "max_size";
    static final String TEXT = "text";
    static final long DEFAULT_MAX_SIZE = 64L << 20;
    /** Java arrays hold a little under 2^31 bytes. */
    static final long LARGEST_MAX_SIZE = Integer.MAX_VALUE - 16;

    @Override
    public String name() {
        return "writable-memory";
    }

    @Override
    public Set<String> keys() {
        return Set.of(MAX_SIZE, TEXT);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        long maxSize = spec.size(MAX_SIZE, DEFAULT_MAX_SIZE);
        if (maxSize > LARGEST_MAX_SIZE) {
            throw new SpecException(MAX_SIZE, "max_size can be at most " + LARGEST_MAX_SIZE + " bytes (2GiB)");
        }
        byte[] initial = spec.text(TEXT, "").getBytes(StandardCharsets.UTF_8);
        if (initial.length > maxSize) {
            throw new SpecException(TEXT, "the initial text is larger than max_size (" + maxSize + " bytes)");
        }
        return new MemoryFile((int) maxSize, initial);
    }
}
