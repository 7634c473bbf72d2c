package dev.magicfs.api;

/**
 * A writable file that can make its content durable, for example by saving it to disk. The host calls
 * {@link #sync} at {@code fsync(2)} and at each {@code close(2)} of a handle that wrote; its failure is what
 * that fsync or close returns, so a writer learns that its data is not safe.
 */
public interface Syncable extends Node {

    /** Makes the current content durable, or does nothing when it already is. */
    void sync(Caller caller) throws FsException;
}
