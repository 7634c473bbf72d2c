/**
 * The command line (picocli): {@code mount}, {@code check}, {@code kinds}. Commands wire config, plugins,
 * tree and FUSE together and report problems; they hold no logic of their own.
 */
package dev.magicfs.host.cli;
