package dev.magicfs.host.magic;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Generated;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** A read-only file of {@code /.magic} whose text is made afresh at each open, for its owner only. */
final class TextFile implements Generated {
    private final Supplier<String> text;

    TextFile(Supplier<String> text) {
        this.text = text;
    }

    @Override
    public byte[] generate(Caller caller) {
        return text.get().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int mode() {
        return 0400;
    }
}
