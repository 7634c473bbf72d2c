/**
 * What each file system operation means on the tree: lookup, attributes, open handles, reads and writes,
 * listings, refusals with the fitting errno. Every method either returns its result or throws an
 * {@link dev.magicfs.api.FsException}. Knows nothing of FUSE, so it is tested without a mount.
 */
package dev.magicfs.host.vfs;
