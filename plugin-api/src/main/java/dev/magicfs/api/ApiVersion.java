package dev.magicfs.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this plugin API, which plugins name in their {@code Plugin-Requires} manifest entry. */
public final class ApiVersion {
    private static final String VERSION = load();

    private ApiVersion() {}

    /** The API version, for example {@code 0.1.0}. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("api-version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("magicfs plugin API: api-version.properties is missing", e));
        }
    }
}
