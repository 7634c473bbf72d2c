/**
 * The mount's memory: the budget that writable content is reserved from, and the cache that downloaded
 * copies share. Knows nothing of FUSE or of mount.yaml.
 */
package dev.magicfs.host.memory;
