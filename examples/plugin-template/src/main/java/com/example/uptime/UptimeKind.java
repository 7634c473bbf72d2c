package com.example.uptime;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Generated;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: uptime}: how long the mount has been up, computed at each open. The one key, {@code template},
 * is the text with {@code {uptime}} where the time goes, such as {@code "up {uptime}\n"}.
 *
 * <p>{@code @Extension} is what makes magicfs find this class: PF4J's annotation processor lists it in the
 * jar's META-INF/extensions.idx.
 */
@Extension
public final class UptimeKind implements FileKind {
    private static final String TEMPLATE = "template";

    /** The name mount.yaml uses: {@code kind: uptime}. */
    @Override
    public String name() {
        return "uptime";
    }

    /** The keys a spec of this kind may have, besides kind, mode, ttl, direct_io, keep_cache and size. */
    @Override
    public Set<String> keys() {
        return Set.of(TEMPLATE);
    }

    /** New content at each open: no page cache, no cached size. */
    @Override
    public CachePolicy cachePolicy() {
        return CachePolicy.INHERIT.withDirectIo(true).withTtl(Duration.ZERO);
    }

    /** Checks the spec (magicfs reports a SpecException at the key's line) and builds the file. */
    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        String template = spec.text(TEMPLATE, "The mount has been up for {uptime}.\n");
        if (!template.contains("{uptime}")) {
            throw new SpecException(TEMPLATE, "the template needs {uptime} where the time goes");
        }
        Instant mounted = Instant.now();
        return (Generated) caller -> template.replace("{uptime}", format(Duration.between(mounted, Instant.now())))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String format(Duration d) {
        return d.toHours() > 0
                ? String.format("%dh %02dm %02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%dm %02ds", d.toMinutes(), d.toSecondsPart());
    }
}
