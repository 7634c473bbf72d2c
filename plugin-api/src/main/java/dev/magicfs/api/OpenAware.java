package dev.magicfs.api;

/**
 * A file that wants to know when it is open, such as one that uploads a finished version some time after its
 * last writer is done, or that keeps its local copy while anyone reads it. The host calls {@link #opened}
 * after each successful open, before the open is answered, and {@link #closed} at the end of that open (its
 * last close), in pairs.
 */
public interface OpenAware extends Node {

    /** @param forWriting whether the open may write */
    void opened(boolean forWriting);

    /** A failure here can only be logged: close(2) has already returned. */
    void closed(boolean forWriting, Caller caller) throws FsException;
}
