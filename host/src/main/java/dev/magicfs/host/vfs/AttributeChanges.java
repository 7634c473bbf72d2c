package dev.magicfs.host.vfs;

import java.time.Instant;

/**
 * What one setattr asks to change; null fields stay as they are. {@code dropSetIds}: the change also drops
 * setuid, and setgid of a group-executable file, as Linux does at chown and at a truncation by a caller without
 * CAP_FSETID.
 */
public record AttributeChanges(Long size, Instant accessed, Instant modified, Integer permissions, Integer uid, Integer gid,
        boolean dropSetIds) {

    public AttributeChanges(Long size, Instant accessed, Instant modified, Integer permissions, Integer uid, Integer gid) {
        this(size, accessed, modified, permissions, uid, gid, false);
    }

    public boolean changesTimes() {
        return accessed != null || modified != null;
    }
}
