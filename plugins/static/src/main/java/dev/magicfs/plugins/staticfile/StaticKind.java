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
import java.nio.file.Path;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: static}: fixed bytes, from {@code text} or from a local {@code file}. A file of up to
 * {@link #IN_MEMORY} bytes is read at mount; a larger one is served from the file as it is read.
 */
@Extension
public final class StaticKind implements FileKind {
    static final String TEXT = "text";
    static final String FILE = "file";
    static final long IN_MEMORY = 1 << 20;

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
            return new StaticFile(spec.text(TEXT, "").getBytes(StandardCharsets.UTF_8), Node.DEFAULT_MODE);
        }
        var path = spec.existingFile(FILE);
        try {
            int mode = readOnly(path);
            long size = Files.size(path);
            return size <= IN_MEMORY ? new StaticFile(Files.readAllBytes(path), mode) : new LocalFile(path, mode);
        } catch (IOException e) {
            throw new SpecException(FILE, "cannot read " + path + ": " + e.getMessage());
        }
    }

    /**
     * The source's permission bits without its write bits: a file that is not for everyone (/etc/shadow, 0640)
     * stays so under allow_other. An explicit {@code mode:} wins.
     */
    private static int readOnly(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode") & 0555;
    }
}
