/**
 * What each file system operation means on the tree: lookup, attributes, open handles, reads and writes,
 * listings, refusals with the fitting errno, the contract between stat and open for generated content
 * ({@code GeneratedContent}), and what each name change means in a changeable tree ({@code Namespace},
 * {@code ChangeableTree}). Every method either returns its result (or a future of it, where a request waits
 * for work another request is doing) or throws an {@link dev.magicfs.api.FsException}. Knows nothing of FUSE,
 * so it is tested without a mount.
 */
package dev.magicfs.host.vfs;
