package dev.magicfs.plugins.memory;

import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;

/**
 * {@code kind: writable-memory}: a file that can be written, appended to and truncated, kept in memory.
 * {@code text} is its initial content; {@code max_size} (default 64MiB) bounds it. With {@code persist}, the
 * content is loaded from that file at mount and saved to it at each fsync and close, and every
 * {@code persist_interval} when set.
 */
@Extension
public final class WritableMemoryKind implements FileKind {
    static final String MAX_SIZE = "max_size";
    static final String TEXT = "text";
    static final String PERSIST = "persist";
    static final String PERSIST_INTERVAL = "persist_interval";
    static final long DEFAULT_MAX_SIZE = 64L << 20;
    /** Java arrays hold a little under 2^31 bytes. */
    static final long LARGEST_MAX_SIZE = Integer.MAX_VALUE - 16;

    /** The persist files of this mount's files, and whose: two files saving to one would overwrite each other. */
    private final Map<Path, Object> persistFiles = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "writable-memory";
    }

    @Override
    public Set<String> keys() {
        return Set.of(MAX_SIZE, TEXT, PERSIST, PERSIST_INTERVAL);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        return create(spec, log, null);
    }

    /**
     * After an edit of this file's spec, the content written so far is kept (and saved to the new persist file,
     * if it changed); {@code text} only ever gives a new file its first content.
     */
    @Override
    public Node recreate(FileSpec spec, FileLog log, Node previous) throws SpecException {
        return create(spec, log, previous instanceof MemoryFile file ? file : null);
    }

    private Node create(FileSpec spec, FileLog log, MemoryFile previous) throws SpecException {
        long maxSize = spec.size(MAX_SIZE, DEFAULT_MAX_SIZE);
        if (maxSize > LARGEST_MAX_SIZE) {
            throw new SpecException(MAX_SIZE, "max_size can be at most " + LARGEST_MAX_SIZE + " bytes (2GiB)");
        }
        byte[] initial = spec.text(TEXT, "").getBytes(StandardCharsets.UTF_8);
        if (initial.length > maxSize) {
            throw new SpecException(TEXT, "the initial text is larger than max_size (" + maxSize + " bytes)");
        }
        if (previous != null) {
            initial = previous.content();
            if (initial.length > maxSize) {
                throw new SpecException(MAX_SIZE, "the file holds " + initial.length + " bytes, more than the new max_size");
            }
        }
        PersistFile persist = persistFile(spec, previous);
        if (persist != null && previous == null) {
            byte[] saved = load(persist, maxSize);
            if (saved != null) {
                initial = saved;
                log.info("loaded " + saved.length + " bytes from " + persist.path());
            }
        }
        Duration interval = spec.duration(PERSIST_INTERVAL, null);
        if (interval != null && persist == null) {
            throw new SpecException(PERSIST_INTERVAL, "persist_interval needs 'persist: FILE' to save to");
        }
        if (interval != null && interval.isZero()) {
            throw new SpecException(PERSIST_INTERVAL, "persist_interval must be longer than 0, such as 5s");
        }
        try {
            MemoryFile file = new MemoryFile((int) maxSize, initial, spec.memoryBudget(), persist, interval, log);
            if (previous != null && persist != null) {
                file.markUnsaved(); // the carried content may not be in this persist file yet
            }
            if (persist != null) {
                persistFiles.put(persist.path(), file);
                file.onClose(() -> persistFiles.remove(persist.path(), file));
            }
            return file;
        } catch (FsException e) {
            throw new SpecException(persist != null ? PERSIST : TEXT, "the content does not fit the mount's memory_limit: " + e.getMessage());
        }
    }

    private PersistFile persistFile(FileSpec spec, MemoryFile previous) throws SpecException {
        String name = spec.text(PERSIST);
        if (name == null) {
            return null;
        }
        Path path = spec.baseDirectory().resolve(name).toAbsolutePath().normalize();
        if (path.getParent() == null || name.isBlank()) {
            throw new SpecException(PERSIST, "persist names a file to save to, such as notes.bin");
        }
        if (!Files.isDirectory(path.getParent())) {
            throw new SpecException(PERSIST, "folder not found for the persist file: " + path.getParent());
        }
        String notRegular = FileSpec.notARegularFile(path);
        if (notRegular != null) { // reading a FIFO would hang the mount before it starts
            throw new SpecException(PERSIST, path + " " + notRegular + "; persist names a regular file (or one to create)");
        }
        Object owner = persistFiles.get(path);
        if (owner != null && owner != previous) {
            throw new SpecException(PERSIST, "another file already persists to " + path);
        }
        return new PersistFile(path);
    }

    /** The saved content; a file that cannot be read whole is refused, never overwritten. */
    private static byte[] load(PersistFile persist, long maxSize) throws SpecException {
        try {
            return persist.load(maxSize);
        } catch (IOException e) {
            throw new SpecException(PERSIST, persist.path() + " cannot be loaded: " + e.getMessage()
                    + "; magicfs will not overwrite it. Move it away (the file then starts from 'text') or restore a copy");
        }
    }
}
