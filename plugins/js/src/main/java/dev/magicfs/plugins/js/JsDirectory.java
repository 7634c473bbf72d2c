package dev.magicfs.plugins.js;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import dev.magicfs.api.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One directory of a js-dir: the top, or a subdirectory its script listed. A listing is kept for
 * {@code refresh}; a lookup reuses one up to {@link #LOOKUP_REUSE} old even with {@code refresh: 0}, so
 * {@code ls -l} runs {@code list} once, not once per name. Names the script lists again keep their nodes.
 */
final class JsDirectory implements Directory, AutoCloseable {
    static final Duration LOOKUP_REUSE = Duration.ofSeconds(1);

    private final Script script;
    private final String dir;
    private final Duration refresh;
    private volatile Snapshot snapshot;

    private record Snapshot(List<Entry> entries, Map<String, Node> byName, long takenAt) {
        boolean youngerThan(Duration age) {
            return System.nanoTime() - takenAt < age.toNanos();
        }
    }

    /** @param dir this directory's path inside the js-dir, "" for the top */
    JsDirectory(Script script, String dir, Duration refresh) {
        this.script = script;
        this.dir = dir;
        this.refresh = refresh;
    }

    Script script() {
        return script;
    }

    @Override
    public List<Entry> children(Caller caller) throws FsException {
        Snapshot s = snapshot;
        return (s != null && s.youngerThan(refresh) ? s : list(caller)).entries;
    }

    @Override
    public Node child(String name, Caller caller) throws FsException {
        Snapshot s = snapshot;
        if (s == null || !s.youngerThan(lookupAge())) {
            s = list(caller);
        }
        return s.byName.get(name);
    }

    private Snapshot list(Caller caller) throws FsException {
        Snapshot previous = snapshot;
        List<ScriptContext.Listed> listed = script.list(caller, dir);
        List<Entry> entries = new ArrayList<>(listed.size());
        Map<String, Node> byName = new HashMap<>(listed.size() * 2);
        for (ScriptContext.Listed e : listed) {
            String name = e.name();
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                throw new FsException(Errno.EIO, "list() returned the name '" + name + "', which cannot be a file name");
            }
            Node node = previous == null ? null : previous.byName.get(name);
            if (node == null || (node instanceof Directory) != e.directory()) {
                String path = dir.isEmpty() ? name : dir + "/" + name;
                node = e.directory() ? new JsDirectory(script, path, refresh) : (Generated) c -> script.read(c, path);
            }
            if (byName.putIfAbsent(name, node) != null) {
                throw new FsException(Errno.EIO, "list() returned the name '" + name + "' twice");
            }
            entries.add(new Entry(name, node));
        }
        Snapshot next = new Snapshot(List.copyOf(entries), byName, System.nanoTime());
        snapshot = next;
        return next;
    }

    /** How old a listing a lookup may use: {@code refresh}, or {@link #LOOKUP_REUSE} when that is 0. */
    private Duration lookupAge() {
        return refresh.isZero() ? LOOKUP_REUSE : refresh;
    }

    @Override
    public void close() {
        if (dir.isEmpty()) {
            script.close();
        }
    }
}
