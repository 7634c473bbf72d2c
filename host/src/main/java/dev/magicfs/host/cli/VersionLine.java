package dev.magicfs.host.cli;

import dev.magicfs.api.ApiVersion;

/** What {@code magicfs --version} prints; apart from picocli, so that the answer loads none of it. */
final class VersionLine {
    private VersionLine() {}

    static String text() {
        return "magicfs " + ApiVersion.current() + " (plugin API " + ApiVersion.current() + ")";
    }
}
