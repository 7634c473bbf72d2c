package dev.magicfs.plugins.js;

import dev.magicfs.api.FileSpec;
import dev.magicfs.api.SpecException;
import dev.magicfs.api.TextPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.polyglot.Source;

/**
 * A file's script, inline ({@code source:}) or in a file next to mount.yaml ({@code script:}), and how to name a
 * place in it so the user finds it: {@code mount.yaml:14:9} for inline code, {@code scripts/x.js:3:5} for a file.
 */
final class ScriptText {
    static final String SOURCE = "source";
    static final String SCRIPT = "script";

    private final FileSpec spec;
    private final String key;
    /** The script file, or null for inline code. */
    private final Path file;
    /** The script file's name as mount.yaml writes it. */
    private final String shownName;
    private final String text;
    /** Built at the first load: the polyglot API costs a fifth of a second to start, which a check may skip. */
    private volatile Source source;

    private ScriptText(FileSpec spec, String key, Path file, String shownName, String text) {
        this.spec = spec;
        this.key = key;
        this.file = file;
        this.shownName = shownName;
        this.text = text;
    }

    /** The script the spec names with exactly one of {@code source} and {@code script}. */
    static ScriptText of(FileSpec spec) throws SpecException {
        String inline = spec.text(SOURCE);
        String scriptPath = spec.text(SCRIPT);
        if ((inline == null) == (scriptPath == null)) {
            throw new SpecException(inline == null ? null : SCRIPT,
                    "give the script either inline with 'source:' or as a file with 'script:', not " + (inline == null ? "neither" : "both"));
        }
        if (inline != null) {
            return new ScriptText(spec, SOURCE, null, null, inline);
        }
        Path file = spec.existingFile(SCRIPT);
        try {
            return new ScriptText(spec, SCRIPT, file, scriptPath, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SpecException(SCRIPT, "cannot read " + file + ": " + e.getMessage());
        }
    }

    String text() {
        return text;
    }

    Source source() {
        Source built = source;
        if (built == null) {
            // Named by the mount path: it is unique, and the engine shares parsed code between equal sources.
            built = Source.newBuilder("js", text, file != null ? file.toString() : spec.path() + ".js").buildLiteral();
            source = built;
        }
        return built;
    }

    /** Whether a stack frame's source is this script (not the host's glue code). */
    boolean isThis(org.graalvm.polyglot.SourceSection section) {
        return section != null && section.getSource().equals(source());
    }

    /** {@code mount.yaml:14:9} or {@code scripts/x.js:3:5}. */
    String locate(int line, int column) {
        return file == null ? spec.locate(key, line, column) : shownName + ":" + line + ":" + column;
    }

    /** A mistake at {@code line}:{@code column} of the script, for {@code check} and {@code mount}. */
    SpecException problem(int line, int column, String message) {
        return new SpecException(key, new TextPosition(file, line, column), message);
    }

    /** A mistake of the script as a whole, reported at its key. */
    SpecException problem(String message) {
        return new SpecException(key, message);
    }
}
