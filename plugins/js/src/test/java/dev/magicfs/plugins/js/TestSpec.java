package dev.magicfs.plugins.js;

import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A js file's spec as plain values, and a log that keeps its lines, for tests without mount.yaml. */
final class TestSpec implements FileSpec {
    final Map<String, Object> values = new LinkedHashMap<>();
    final List<String> logged = new ArrayList<>();
    private Path cacheFolder;
    private boolean checkOnly;

    static TestSpec source(String code) {
        TestSpec spec = new TestSpec();
        spec.values.put(ScriptText.SOURCE, code);
        return spec;
    }

    TestSpec with(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** The spec as a check sees it, with its records in {@code folder}. */
    TestSpec checkedWith(Path folder) {
        cacheFolder = folder;
        checkOnly = true;
        return this;
    }

    /** The spec as a mount sees it, with its records in {@code folder}. */
    TestSpec mountedWith(Path folder) {
        cacheFolder = folder;
        return this;
    }

    @Override
    public Path cacheFolder() {
        return cacheFolder != null ? cacheFolder : FileSpec.super.cacheFolder();
    }

    @Override
    public boolean checkOnly() {
        return checkOnly;
    }

    FileLog log() {
        return new FileLog() {
            public synchronized void info(String message) {
                logged.add("INFO " + message);
            }

            public synchronized void error(String message) {
                logged.add("ERROR " + message);
            }

            public void debug(String message) {}
        };
    }

    @Override
    public String path() {
        return "test.txt";
    }

    @Override
    public Path baseDirectory() {
        return Path.of(".");
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Object value(String key) {
        Object v = values.get(key);
        return v instanceof Number || v instanceof Boolean ? v.toString() : v;
    }

    @Override
    public Object data(String key) {
        return values.get(key);
    }

    @Override
    public String locate(String key, int line, int column) {
        return key + ":" + line + ":" + column;
    }
}
