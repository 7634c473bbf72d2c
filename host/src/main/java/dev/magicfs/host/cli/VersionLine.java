package dev.magicfs.host.cli;

import dev.magicfs.api.ApiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code magicfs --version} prints: the release, the commit it was built from (build.properties, written
 * by the build from git) and the plugin API. Apart from picocli, so that the answer loads none of it.
 */
final class VersionLine {
    private VersionLine() {}

    static String text() {
        return "magicfs " + ApiVersion.current() + " (" + build() + "plugin API " + ApiVersion.current() + ")";
    }

    /** {@code commit 1a2b3c4 of 2026-12-02, } with a note when the tree had changes; empty without git. */
    private static String build() {
        Properties build = new Properties();
        try (InputStream in = VersionLine.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            return "";
        }
        String commit = build.getProperty("git.commit.id.abbrev");
        if (commit == null || commit.isEmpty()) {
            return "";
        }
        String changes = Boolean.parseBoolean(build.getProperty("git.dirty")) ? " with local changes" : "";
        return "commit " + commit + " of " + build.getProperty("git.commit.time", "?") + changes + "; ";
    }
}
