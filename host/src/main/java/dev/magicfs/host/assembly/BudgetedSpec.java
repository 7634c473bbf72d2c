package dev.magicfs.host.assembly;

import dev.magicfs.api.ContentCache;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.MemoryBudget;
import dev.magicfs.api.Transfers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A file's spec as its kind sees it: mount.yaml's entry, with the mount's memory budget, cache and transfer
 * reports, and whether it is only checked.
 */
record BudgetedSpec(FileSpec entry, MemoryBudget memoryBudget, ContentCache contentCache, Duration requestTimeout, boolean checkOnly,
        Transfers transfers)
        implements FileSpec {
    @Override
    public String path() {
        return entry.path();
    }

    @Override
    public Path baseDirectory() {
        return entry.baseDirectory();
    }

    @Override
    public Set<String> keys() {
        return entry.keys();
    }

    @Override
    public Integer modeBits() {
        return entry.modeBits();
    }

    @Override
    public Object value(String key) {
        return entry.value(key);
    }

    @Override
    public Object data(String key) {
        return entry.data(key);
    }

    @Override
    public String locate(String key, int line, int column) {
        return entry.locate(key, line, column);
    }
}
