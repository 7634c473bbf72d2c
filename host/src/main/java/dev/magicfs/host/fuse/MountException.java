package dev.magicfs.host.fuse;

/** The file system could not be mounted; the message says why and what to do. */
public class MountException extends Exception {
    public MountException(String message) {
        super(message);
    }
}
