package dev.magicfs.host.assembly;

import dev.magicfs.host.config.Limits;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.tree.InodeTable;

/**
 * A mount ready to serve: its tree, and the budget its files reserve memory from.
 *
 * @param limits the limits mount.yaml set, which the file system enforces per request
 */
public record AssembledMount(InodeTable table, MemoryAccount memory, Limits limits) {}
