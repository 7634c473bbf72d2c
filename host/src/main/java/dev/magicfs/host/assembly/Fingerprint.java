package dev.magicfs.host.assembly;

import dev.magicfs.host.config.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * A 64-bit hash of what a file is built from: its spec's keys and values as written (not their positions, so
 * moving lines changes nothing), and the size, modification time and file identity of each source file it
 * names. Equal fingerprints mean the node need not be built again at a reload.
 */
final class Fingerprint {
    private Fingerprint() {}

    static long of(FileEntry entry, Set<String> sourceKeys) {
        long hash = mix(1125899906842597L, entry.kind());
        for (String key : entry.keys()) { // summed: the keys' order does not count
            long keyHash = mix(mix(7, key), String.valueOf(entry.value(key)));
            if (sourceKeys.contains(key) && entry.value(key) instanceof String name) {
                keyHash = mix(keyHash, sourceStamp(entry.baseDirectory().resolve(name)));
            }
            hash += keyHash;
        }
        return hash;
    }

    private static String sourceStamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.lastModifiedTime().toInstant().getNano() + "/" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    private static long mix(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash * 0x9E3779B97F4A7C15L + text.length();
    }
}
