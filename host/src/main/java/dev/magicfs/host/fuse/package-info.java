/**
 * The only package that knows FUSE: it speaks the kernel's protocol ({@code <linux/fuse.h>}) over
 * {@code /dev/fuse} itself. It mounts (mount(2), or fusermount for a user), negotiates INIT, decodes each
 * request, calls {@link dev.magicfs.host.vfs.Vfs}, and sends exactly one reply with per-file cache timeouts and
 * open flags; it owns the worker threads, request deadlines and interrupts (a stuck plugin costs its own
 * file's requests, never the threads of the others), passthrough, notifications, the request log, and the
 * mount's lifecycle (signals, clean, busy and stale unmounts). Nothing else in magicfs imports jnr.
 */
package dev.magicfs.host.fuse;
