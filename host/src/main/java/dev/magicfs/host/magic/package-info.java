/**
 * {@code /.magic}, the mount describing itself as files: its statistics, its metrics for Prometheus, its
 * log, the mount.yaml in force, its kinds, and a file that reloads it. Knows no FUSE and no YAML parsing.
 */
package dev.magicfs.host.magic;
