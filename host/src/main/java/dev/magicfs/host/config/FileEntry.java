package dev.magicfs.host.config;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.FileSpec;
import java.nio.file.Path;
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
 * @param values the kind's own keys with their values as plain data
 * @param positions where each key is written
 * @param baseDirectory the folder of mount.yaml
 */
public record FileEntry(
        String path,
        Position position,
        String kind,
        Position kindPosition,
        Integer mode,
        CachePolicy cachePolicy,
        Map<String, Object> values,
        Map<String, Position> positions,
        Path baseDirectory) implements FileSpec {

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Object value(String key) {
        return values.get(key);
    }

    /** Where to point at for a problem with {@code key}: the key, or the file's path when it is absent. */
    public Position positionOf(String key) {
        return key == null ? position : positions.getOrDefault(key, position);
    }
}
