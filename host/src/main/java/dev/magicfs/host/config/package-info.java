/**
 * Parses and validates mount.yaml into plain spec objects ({@link dev.magicfs.host.config.MountSpec},
 * {@link dev.magicfs.host.config.FileEntry}), with a line and column for every problem. Knows YAML; knows
 * nothing of plugins, inodes or FUSE.
 */
package dev.magicfs.host.config;
