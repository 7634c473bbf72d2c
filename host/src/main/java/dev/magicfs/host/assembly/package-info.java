/**
 * Turns a parsed mount.yaml and the loaded kinds into an inode tree: each file's kind checks its spec and
 * builds its node, cache settings are layered, directories are made from paths. The one place that joins
 * config, plugins and tree; it knows nothing of FUSE.
 */
package dev.magicfs.host.assembly;
