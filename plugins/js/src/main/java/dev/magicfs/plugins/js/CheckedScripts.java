package dev.magicfs.plugins.js;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Scripts that loaded cleanly before, so that {@code check} and {@code mount} need not start the JavaScript
 * engine for them: the engine's first load costs about a second of CPU, the rest of a check a few tens of ms.
 * A record is named by a hash of everything a load depends on (the script's text, its limits, the entry glue,
 * this plugin's and GraalJS's versions) and says which hooks the script defines. Only clean loads are
 * recorded, so a mistake is found, and reported at its line, every time. The records live in the cache folder
 * the host names ({@code ~/.cache/magicfs/js}); where it cannot be written, every load runs the engine.
 */
final class CheckedScripts {
    /** Past this many records the oldest half goes: a record only saves one engine start. */
    private static final int MAX_RECORDS = 1000;
    private static final String VERSIONS = versions();

    /** Which hooks a script's top level defines. */
    record Hooks(boolean read, boolean write, boolean list) {}

    /** The folder of records, or null when there is none. */
    private final Path folder;

    /** The records in {@code cacheFolder}'s js folder; none when {@code cacheFolder} is null. */
    CheckedScripts(Path cacheFolder) {
        this.folder = cacheFolder == null ? null : cacheFolder.resolve("js");
    }

    /** The record's name for one load: a hash of all it depends on. */
    static String key(String script, String entry, boolean lists, long maxStatements, long loadTimeoutMillis) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(VERSIONS, entry, String.valueOf(lists), String.valueOf(maxStatements),
                    String.valueOf(loadTimeoutMillis), script)) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The hooks of an earlier clean load with this key, or null. */
    Hooks find(String key) {
        if (folder == null) {
            return null;
        }
        try {
            List<String> hooks = List.of(Files.readString(folder.resolve(key), StandardCharsets.UTF_8).strip().split(" "));
            return new Hooks(hooks.contains("read"), hooks.contains("write"), hooks.contains("list"));
        } catch (IOException | RuntimeException e) {
            return null; // no record, or one being written: load it
        }
    }

    /** Notes a clean load. Best effort: a record that cannot be written costs the next load an engine start. */
    void record(String key, Hooks hooks) {
        if (folder == null) {
            return;
        }
        List<String> names = new ArrayList<>(3);
        if (hooks.read()) {
            names.add("read");
        }
        if (hooks.write()) {
            names.add("write");
        }
        if (hooks.list()) {
            names.add("list");
        }
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, key, ".new");
            Files.writeString(temporary, String.join(" ", names) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, folder.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, folder.resolve(key), StandardCopyOption.REPLACE_EXISTING);
            }
            prune();
        } catch (IOException | UncheckedIOException e) {
            // read-only home, full disk: nothing is lost but time
        }
    }

    private void prune() throws IOException {
        List<Path> records;
        try (Stream<Path> list = Files.list(folder)) {
            records = list.toList();
        }
        if (records.size() <= MAX_RECORDS) {
            return;
        }
        List<Path> oldestFirst = new ArrayList<>(records);
        oldestFirst.sort(Comparator.comparingLong(CheckedScripts::modified));
        for (Path old : oldestFirst.subList(0, oldestFirst.size() - MAX_RECORDS / 2)) {
            Files.deleteIfExists(old);
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This plugin's and GraalJS's versions, as the build wrote them. */
    private static String versions() {
        try (InputStream in = CheckedScripts.class.getResourceAsStream("versions.properties")) {
            Properties versions = new Properties();
            versions.load(in);
            return versions.getProperty("plugin") + " " + versions.getProperty("graalvm");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the js plugin jar lacks versions.properties", e);
        }
    }
}
