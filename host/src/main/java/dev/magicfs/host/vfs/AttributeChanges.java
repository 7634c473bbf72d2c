package dev.magicfs.host.vfs;

import java.time.Instant;

/** What one setattr asks to change; null fields stay as they are. */
public record AttributeChanges(Long size, Instant accessed, Instant modified, Integer permissions, Integer uid, Integer gid) {

    public boolean changesTimes() {
        return accessed != null || modified != null;
    }
}
