package dev.magicfs.host.config;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.FileSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code files:}. It is the {@link FileSpec} its kind reads: {@link #keys()} are the kind's own
 * keys, the common ones ({@code kind}, {@code mode}, {@code ttl}, ...) are already parsed into fields.
 *
 * @param path the normalized path in the mount, such as {@code config/limits.json}
 * @param position where the path is written
 * @param kind the kind's name
 * @param kindPosition where the kind's name is written
 * @param mode permission bits from {@code mode}, or null for the default
 * @param cachePolicy the file's own cache keys; null fields where it sets none
 * @param expireAfter the file's {@code expire_after}, or null
 * @param values the kind's own keys, in mount.yaml's order
 * @param baseDirectory the folder of mount.yaml
 * @param configName how problems name mount.yaml
 */
public record FileEntry(
        String path,
        Position position,
        String kind,
        Position kindPosition,
        Integer mode,
        CachePolicy cachePolicy,
        ExpireAfter expireAfter,
        Map<String, Value> values,
        Path baseDirectory,
        String configName) implements FileSpec {

    /**
     * One key's value.
     *
     * @param plain scalars as text, lists and maps of them
     * @param data scalars typed as YAML reads them
     * @param keyPosition where the key is written
     * @param text where a scalar's text sits, to map places inside it
     */
    public record Value(Object plain, Object data, Position keyPosition, ValueText text) {}

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Integer modeBits() {
        return mode;
    }

    @Override
    public Object value(String key) {
        Value v = values.get(key);
        return v == null ? null : v.plain();
    }

    @Override
    public Object data(String key) {
        Value v = values.get(key);
        return v == null ? null : v.data();
    }

    @Override
    public String locate(String key, int line, int column) {
        Position at = positionIn(key, line, column);
        if (at != null) {
            return configName + ":" + at.line() + ":" + at.column();
        }
        return configName + ":" + positionOf(key).line() + " (line " + line + ", column " + column + " of '" + key + "')";
    }

    /** The place in mount.yaml of {@code line}:{@code column} inside {@code key}'s text, or null when unknown. */
    public Position positionIn(String key, int line, int column) {
        Value v = values.get(key);
        return v == null ? null : v.text().locate(line, column);
    }

    /** How long an unmodified file lives ({@code expire_after}), and where that is written. */
    public record ExpireAfter(Duration after, Position position) {}

    /** Where to point at for a problem with {@code key}: the key, or the file's path when it is absent. */
    public Position positionOf(String key) {
        Value v = key == null ? null : values.get(key);
        return v == null ? position : v.keyPosition();
    }
}
