package dev.magicfs.plugins.writabledir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Loads SQLite's native library from magicfs's cache folder. Left to itself, sqlite-jdbc copies the library out
 * of its jar into a new temporary file at every start and compares the copy byte by byte, a fifth of a second
 * of a mount's start; here the copy is made once per version and platform, and sqlite-jdbc is pointed at it
 * with its documented {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} for its one-time
 * initialization. Those are cleared again at once: another plugin's copy of sqlite-jdbc, in another class
 * loader, could not load the same file and unpacks its own. Without a usable cache folder, or when the user
 * set those properties, sqlite-jdbc does as it always does.
 */
final class SqliteLibrary {
    private static Path cacheFolder;
    private static boolean loaded;

    private SqliteLibrary() {}

    /** The cache folder to keep the library in, as the first spec with a store names it. */
    static synchronized void cacheIn(Path folder) {
        if (cacheFolder == null) {
            cacheFolder = folder;
        }
    }

    /** Loads the library before the first connection; sqlite-jdbc's own ways remain when this cannot. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (cacheFolder == null || System.getProperty("org.sqlite.lib.path") != null
                || System.getProperty("org.sqlite.lib.name") != null) {
            return;
        }
        String platform = OSInfo.getNativeLibFolderPathForCurrentOS();
        String name = System.mapLibraryName("sqlitejdbc");
        try {
            Path folder = cacheFolder.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()).resolve(platform);
            if (!Files.isRegularFile(folder.resolve(name))) {
                unpack("/org/sqlite/native/" + platform + "/" + name, folder, name);
            }
            System.setProperty("org.sqlite.lib.path", folder.toString());
            System.setProperty("org.sqlite.lib.name", name);
            SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            // no jar resource for this platform, a read-only cache: the connection loads it the usual way
        } finally {
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
        }
    }

    /** Copies the resource to a temporary file and renames it into place, so no reader sees half a library. */
    private static void unpack(String resource, Path folder, String name) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("sqlite-jdbc has no " + resource);
            }
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, name, ".new");
            try {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
