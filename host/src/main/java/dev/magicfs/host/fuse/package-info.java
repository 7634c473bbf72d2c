/**
 * The only package that knows FUSE: a jnr-ffi binding of libfuse 2's low-level API, the adapter that turns
 * each request into a call on {@link dev.magicfs.host.vfs.Vfs} and its answer or exception into exactly one
 * reply, per-file cache timeouts and open flags, the request log, request deadlines (a stuck plugin costs
 * its own file's requests, never the threads of the others), and the mount's lifecycle (threads, signals,
 * clean, busy and stale unmounts). Nothing else in magicfs imports jnr.
 */
package dev.magicfs.host.fuse;
