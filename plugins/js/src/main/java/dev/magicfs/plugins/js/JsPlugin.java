package dev.magicfs.plugins.js;

import org.pf4j.Plugin;

/** The js plugin's life cycle: its shared engine is closed when the host stops the plugin. */
public final class JsPlugin extends Plugin {

    @Override
    public void stop() {
        Warmup.stop();
        JsEngine.shutdown();
    }
}
