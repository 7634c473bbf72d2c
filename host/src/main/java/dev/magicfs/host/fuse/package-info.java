/**
 * The only package that knows FUSE: a jnr-ffi binding of libfuse 2's low-level API, the adapter that turns
 * each request into a call on {@link dev.magicfs.host.vfs.Vfs} and its answer or exception into exactly one
 * reply, per-file cache timeouts and open flags, the request log, and the mount's lifecycle (threads, signals,
 * clean and stale unmounts). Nothing else in magicfs imports jnr.
 */
package dev.magicfs.host.fuse;
