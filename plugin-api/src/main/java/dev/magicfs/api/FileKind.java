package dev.magicfs.api;

import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * A kind of file that mount.yaml can name with {@code kind:}. Plugins contribute kinds as PF4J extensions
 * ({@code @Extension}); the host discovers them in the plugins folder.
 *
 * <p>Example: a kind {@code uptime} whose files read the host's uptime.
 * <pre>{@code
 * @Extension
 * public final class UptimeKind implements FileKind {
 *     public String name() { return "uptime"; }
 *     public Set<String> keys() { return Set.of(); }
 *     public Node create(FileSpec spec, FileLog log) { return (Generated) caller -> ...; }
 * }
 * }</pre>
 */
public interface FileKind extends ExtensionPoint {

    /** The name used in mount.yaml ({@code kind: NAME}); unique among all loaded plugins. */
    String name();

    /**
     * The spec keys this kind understands, besides the keys every file has ({@code kind}, {@code mode},
     * {@code ttl}, {@code direct_io}, {@code keep_cache}). Any other key is reported as a mistake, with a
     * suggestion taken from this set.
     */
    Set<String> keys();

    /**
     * Cache settings for files of this kind where mount.yaml says nothing for the file itself; they win over
     * the mount's {@code defaults:}. For example, generated content usually wants direct I/O.
     */
    default CachePolicy cachePolicy() {
        return CachePolicy.INHERIT;
    }

    /**
     * Checks one file's spec and builds its node. {@code magicfs check} calls this too, so it must not have
     * effects a check should not have: no network access, no writing. It may read local files the spec names.
     *
     * @throws SpecException when the spec is wrong; the host reports it with the line and column of the key
     */
    Node create(FileSpec spec, FileLog log) throws SpecException;
}
