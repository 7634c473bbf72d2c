package dev.magicfs.plugins.js;

import dev.magicfs.api.Caller;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;

/** A js file without a write hook: each open's content is what {@code read(ctx)} returns. */
class JsFile implements Generated, AutoCloseable {
    final Script script;

    JsFile(Script script) {
        this.script = script;
    }

    @Override
    public byte[] generate(Caller caller) throws FsException {
        return script.read(caller);
    }

    @Override
    public void close() {
        script.close();
    }
}
