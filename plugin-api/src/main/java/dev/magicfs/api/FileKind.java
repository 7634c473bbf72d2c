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
     * {@code ttl}, {@code direct_io}, {@code keep_cache}, {@code size}). Any other key is reported as a mistake, with a
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

    /**
     * Builds the node that replaces {@code previous} when mount.yaml was edited while mounted: the file kept its
     * path and kind, but its spec (or a source file it names) changed. A kind whose nodes hold state (written
     * content, a download, a script's store) carries that state over, and the file keeps its inode number, as
     * a file edited in place does. {@code previous} keeps serving the handles opened before, and is closed if
     * it is {@link AutoCloseable}.
     *
     * @return the new node, or null (the default) when there is no state to carry: the host then builds a
     *     fresh node with {@link #create} under a new inode number, as an editor's save-and-rename replaces a
     *     file, so a handle opened before keeps reading the old content
     * @throws SpecException as {@link #create}: the reload is then rejected and the running tree kept
     */
    default Node recreate(FileSpec spec, FileLog log, Node previous) throws SpecException {
        return null;
    }

    /**
     * The keys whose value names a local file that a node is built from, such as a script: when such a file
     * changes while mounted, the node is built again. The host watches these files.
     */
    default Set<String> sourceKeys() {
        return Set.of();
    }

    /**
     * Called once when the mount serves, on a thread of its own: the time to prepare what a first request would
     * otherwise wait for (start an engine, open a store), none of which may delay the root's first listing.
     * {@code magicfs check} never calls it. Nodes created after it (by a reload) may be prepared at once.
     */
    default void serving() {}
}
