package dev.magicfs.host.assembly;

import dev.magicfs.host.config.Limits;
import dev.magicfs.host.memory.LruContentCache;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.vfs.Expiry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mount ready to serve: its tree, the budget and cache its files share, and what a reload compares.
 *
 * @param limits the limits mount.yaml set, which the file system enforces per request
 * @param files every file of mount.yaml, by path
 * @param sources the local files that nodes are built from (scripts, static files), which a reload watches
 * @param expiries the files whose mount.yaml entry has {@code expire_after}
 * @param services what every tree of the mount is given besides mount.yaml ({@code /.magic}, transfers)
 */
public record AssembledMount(InodeTable table, MemoryAccount memory, LruContentCache cache, Limits limits,
        Map<String, FileRecord> files, Set<Path> sources, List<Expiry.Rule> expiries,
        MountServices services) {}
