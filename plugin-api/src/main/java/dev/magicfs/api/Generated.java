package dev.magicfs.api;

/**
 * A file whose whole content is computed when it is opened, such as the current time. The host calls
 * {@link #generate} once per open and serves every read of that open from the same bytes, so a file larger
 * than one read never mixes two generations. {@code stat} reports the length of the last generation.
 */
public interface Generated extends Node {

    /** The content for one open by {@code caller}. */
    byte[] generate(Caller caller) throws FsException;
}
