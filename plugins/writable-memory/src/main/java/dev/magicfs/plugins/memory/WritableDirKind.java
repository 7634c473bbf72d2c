package dev.magicfs.plugins.memory;

import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: writable-dir}: a directory tree users change with ordinary tools (create, mkdir, rename,
 * unlink, links, symbolic links, chmod), kept in memory for as long as the mount runs. {@code max_size} bounds
 * each file (default 64MiB, at most 2GiB) and {@code max_files} the names (default 1,000,000); all content
 * together counts against the mount's memory_limit. The tree's root belongs to the user who mounted.
 */
@Extension
public final class WritableDirKind implements FileKind {
    static final String MAX_FILES = "max_files";
    static final long DEFAULT_MAX_FILES = 1_000_000;

    @Override
    public String name() {
        return "writable-dir";
    }

    @Override
    public Set<String> keys() {
        return Set.of(WritableMemoryKind.MAX_SIZE, MAX_FILES);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        long maxSize = spec.size(WritableMemoryKind.MAX_SIZE, WritableMemoryKind.DEFAULT_MAX_SIZE);
        if (maxSize > WritableMemoryKind.LARGEST_MAX_SIZE) {
            throw new SpecException(WritableMemoryKind.MAX_SIZE, "max_size can be at most " + WritableMemoryKind.LARGEST_MAX_SIZE
                    + " bytes (2GiB) for a file of a writable-dir in memory");
        }
        long maxFiles = spec.size(MAX_FILES, DEFAULT_MAX_FILES);
        if (maxFiles < 1) {
            throw new SpecException(MAX_FILES, "max_files must be at least 1");
        }
        MemoryTree tree = new MemoryTree(spec.memoryBudget(), maxFiles, (int) maxSize, log);
        return MemoryDirectory.root(tree, owner("unix:uid"), owner("unix:gid"), 0755);
    }

    /** The mounting process's own uid or gid, which the tree's root belongs to. */
    private static int owner(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
