package dev.magicfs.api;

/**
 * A file that wants to know when it is open for writing, such as one that uploads a finished version some
 * time after its last writer is done. The host calls {@link #writerOpened} after each successful open for
 * writing and {@link #writerClosed} at the end of that open (its last close), in pairs.
 */
public interface WriterAware extends Node {

    void writerOpened();

    /** A failure here can only be logged: close(2) has already returned. */
    void writerClosed(Caller caller) throws FsException;
}
