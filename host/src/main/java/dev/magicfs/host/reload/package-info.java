/**
 * Live edits: watching mount.yaml, the sources it names and the plugins folders, and replacing the served
 * tree with the edited one in one step, then telling the kernel what changed. Knows nothing of FUSE.
 */
package dev.magicfs.host.reload;
