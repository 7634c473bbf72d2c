package dev.magicfs.plugins.js;

import dev.magicfs.api.Caller;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Replaceable;

/**
 * A js file with a write hook: what a writer leaves in the file goes to {@code write(ctx, data)} at fsync or
 * close, which accepts it by returning or refuses it by throwing.
 */
final class WritableJsFile extends JsFile implements Replaceable {
    private final long maxSize;

    WritableJsFile(Script script, long maxSize) {
        super(script);
        this.maxSize = maxSize;
    }

    @Override
    public void replace(byte[] content, Caller caller) throws FsException {
        script.write(content, caller);
    }

    @Override
    public long maxSize() {
        return maxSize;
    }
}
