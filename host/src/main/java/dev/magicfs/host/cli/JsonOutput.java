package dev.magicfs.host.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code --json} answers of kinds and check, for scripts: records written by Gson, one field a component.
 * Absent values (a plugin problem has no line) are left out rather than written as null.
 */
final class JsonOutput {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private JsonOutput() {}

    /** One installed kind, as {@code kinds} lists it. */
    record Kind(String kind, String plugin, String version, String jar) {}

    /** {@code check}'s verdict: ok with the files and kinds used, or the problems found. */
    record Check(String config, boolean ok, Integer files, List<String> kinds, List<Problem> problems) {}

    /** A problem of mount.yaml (file, line and column set) or of a plugin (message only). */
    record Problem(String file, Integer line, Integer column, String message) {}

    static void print(PrintWriter out, Object value) {
        out.println(GSON.toJson(value));
        out.flush();
    }
}
