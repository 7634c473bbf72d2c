package dev.magicfs.api;

/**
 * A file whose size can be set, smaller or larger ({@code truncate -s}, or {@code >} in a shell). Growing
 * fills with zeros. Without this capability, changing the size fails with EACCES.
 */
public interface Truncatable extends Node {

    /** Sets the size to {@code size} bytes. */
    void truncate(long size, Caller caller) throws FsException;
}
