package dev.magicfs.plugins.clock;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: clock}: the time at each open. {@code template} is the text with {@code {time}} where the time
 * goes, {@code pattern} a {@link DateTimeFormatter} pattern, {@code zone} an IANA zone id (default: the
 * system's).
 */
@Extension
public final class ClockKind implements FileKind {
    static final String TEMPLATE = "template";
    static final String PATTERN = "pattern";
    static final String ZONE = "zone";

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public Set<String> keys() {
        return Set.of(TEMPLATE, PATTERN, ZONE);
    }

    /**
     * Each open has new content, possibly of another length: a cached size would be stale after every open.
     * The host keeps the page cache right (each open reads the generation whose size the kernel was told).
     */
    @Override
    public CachePolicy cachePolicy() {
        return CachePolicy.INHERIT.withTtl(Duration.ZERO);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        String template = spec.text(TEMPLATE, "The time right now is {time}\n");
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(spec.text(PATTERN, "HH:mm:ss"));
        } catch (IllegalArgumentException e) {
            throw new SpecException(PATTERN, "not a date-time pattern: " + e.getMessage());
        }
        ZoneId zone;
        try {
            String id = spec.text(ZONE);
            zone = id == null ? ZoneId.systemDefault() : ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new SpecException(ZONE, "unknown time zone (expected an id such as UTC or Europe/Paris): " + e.getMessage());
        }
        return new ClockFile(template, formatter.withZone(zone));
    }
}
