package dev.magicfs.api;

/**
 * The POSIX error a request fails with. Only the name matters here; the host maps it to the platform's
 * number.
 */
public enum Errno {
    /** Operation not permitted: changing what mount.yaml fixes, such as a file's mode. */
    EPERM,
    /** No such file or directory. */
    ENOENT,
    /** Input/output error: the node failed, for example a download or a plugin bug. */
    EIO,
    /** Permission denied: a write to a read-only file. */
    EACCES,
    /** File exists. */
    EEXIST,
    /** Not a directory. */
    ENOTDIR,
    /** Is a directory. */
    EISDIR,
    /** Invalid argument: content or a request the node refuses. */
    EINVAL,
    /** File too large: past a file's {@code max_size}. */
    EFBIG,
    /** No space left on device: past a mount-wide limit. */
    ENOSPC,
    /** Too many open files in system: past the mount's {@code max_open_files}. */
    ENFILE,
    /** Read-only file system. */
    EROFS,
    /** Function not implemented. */
    ENOSYS,
    /** Directory not empty. */
    ENOTEMPTY,
    /** Operation not supported. */
    ENOTSUP,
    /** Connection timed out: a node's deadline passed. */
    ETIMEDOUT,
    /** Resource temporarily unavailable: a file already has as many requests running as it may. */
    EAGAIN,
    /** File name too long: a name of more than 255 bytes. */
    ENAMETOOLONG,
    /** Invalid cross-device link: a rename or link between two trees, or out of a changeable one. */
    EXDEV,
    /** Too many links. */
    EMLINK,
    /** No data available: an extended attribute that is not there. */
    ENODATA
}
