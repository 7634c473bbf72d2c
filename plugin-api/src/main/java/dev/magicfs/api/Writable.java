package dev.magicfs.api;

import java.nio.ByteBuffer;

/**
 * A file that accepts writes at any offset. Without this capability, opening the file for writing fails
 * with EACCES ("Permission denied"), as does a write when the file's {@code mode} has no write bit.
 */
public interface Writable extends Node {

    /**
     * Stores {@code from}'s remaining bytes at {@code offset}. A write past the end fills the gap with zeros.
     *
     * @return the number of bytes stored (all of them, unless the node fails)
     * @throws FsException EFBIG when the file would grow past its limit
     */
    int write(long offset, ByteBuffer from, Caller caller) throws FsException;
}
