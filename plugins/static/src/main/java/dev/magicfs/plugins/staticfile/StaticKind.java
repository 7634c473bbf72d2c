package dev.magicfs.plugins.staticfile;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;
import org.pf4j.Extension;

/** {@code kind: static}: fixed bytes, from {@code text} or from a local {@code file}. */
@Extension
public final class StaticKind implements FileKind {
    static final String TEXT = "text";
    static final String FILE = "file";

    @Override
    public String name() {
        return "static";
    }

    @Override
    public Set<String> keys() {
        return Set.of(TEXT, FILE);
    }

    @Override
    public Set<String> sourceKeys() {
        return Set.of(FILE);
    }

    /** The content never changes while mounted, so pages cached by one open serve the next. */
    @Override
    public CachePolicy cachePolicy() {
        return CachePolicy.INHERIT.withKeepCache(true);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        boolean hasText = spec.keys().contains(TEXT);
        boolean hasFile = spec.keys().contains(FILE);
        if (hasText == hasFile) {
            throw new SpecException(hasText ? FILE : null, "a static file needs exactly one of 'text' or 'file'");
        }
        if (hasText) {
            return new StaticFile(spec.text(TEXT, "").getBytes(StandardCharsets.UTF_8));
        }
        var path = spec.existingFile(FILE);
        try {
            return new StaticFile(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new SpecException(FILE, "cannot read " + path + ": " + e.getMessage());
        }
    }
}
