package dev.magicfs.host.config;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Units;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads values out of mount.yaml's nodes and collects every problem with its position, so that one run of
 * {@code magicfs check} lists them all. The top level and the file entries share it.
 */
final class NodeReader {
    private final String displayName;
    private final List<ConfigProblem> problems = new ArrayList<>();

    NodeReader(String displayName) {
        this.displayName = displayName;
    }

    String displayName() {
        return displayName;
    }

    /** The problems found so far, in the order of the file. */
    List<ConfigProblem> problems() {
        problems.sort((a, b) -> a.position().line() != b.position().line()
                ? Integer.compare(a.position().line(), b.position().line())
                : Integer.compare(a.position().column(), b.position().column()));
        return problems;
    }

    void problem(Position at, String message) {
        problems.add(new ConfigProblem(displayName, at, message));
    }

    /** Forgets what was found: a YAML syntax error is then the one problem reported. */
    void forgetProblems() {
        problems.clear();
    }

    void fail(Node at, String message) {
        problem(position(at), message);
    }

    /**
     * The mapping's entries by key, with duplicate keys reported; with {@code known}, unknown keys are reported
     * too, as an "unknown {@code what}".
     */
    Map<String, NodeTuple> keysOf(MappingNode mapping, Collection<String> known, String what) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = keyText(t);
            if (key == null) {
                continue;
            }
            if (known != null && !known.contains(key)) {
                fail(t.getKeyNode(), "unknown " + what + " '" + key + "'" + Suggestions.didYouMean(key, known)
                        + "; expected one of " + known);
            } else if (keys.containsKey(key)) {
                fail(t.getKeyNode(), "duplicate key '" + key + "' (first at line " + line(keys.get(key).getKeyNode()) + ")");
            } else {
                keys.put(key, t);
            }
        }
        return keys;
    }

    String keyText(NodeTuple t) {
        if (t.getKeyNode() instanceof ScalarNode s && !isNull(s)) {
            return s.getValue();
        }
        fail(t.getKeyNode(), "expected a plain name as key");
        return null;
    }

    /** A scalar's text, the fallback when absent or null; a list or map is reported. */
    String scalar(NodeTuple t, String fallback) {
        if (t == null || isNull(t.getValueNode())) {
            return fallback;
        }
        if (t.getValueNode() instanceof ScalarNode s) {
            return s.getValue();
        }
        fail(t.getValueNode(), "'" + ((ScalarNode) t.getKeyNode()).getValue() + "' must be a single value");
        return fallback;
    }

    boolean bool(NodeTuple t, boolean fallback) {
        return parsed(t, fallback, Units::parseBoolean);
    }

    /** A scalar read by one of {@link Units}' parsers; its complaint is reported at the value. */
    <T> T parsed(NodeTuple t, T fallback, Function<String, T> parse) {
        String text = scalar(t, null);
        try {
            return text == null ? fallback : parse.apply(text);
        } catch (IllegalArgumentException e) {
            fail(t.getValueNode(), e.getMessage());
            return fallback;
        }
    }

    Duration duration(NodeTuple t) {
        String text = scalar(t, null);
        if (text == null) {
            fail(t.getKeyNode(), "expected a duration such as 0, 500ms, 1s or 2m");
            return null;
        }
        try {
            return Units.parseDuration(text);
        } catch (IllegalArgumentException e) {
            fail(t.getValueNode(), e.getMessage());
            return null;
        }
    }

    /** The cache keys among a file's or {@code defaults:}'s keys; null fields for the keys not given. */
    CachePolicy cachePolicy(Map<String, NodeTuple> keys) {
        NodeTuple ttl = keys.get(ConfigKeys.TTL);
        NodeTuple directIo = keys.get(ConfigKeys.DIRECT_IO);
        NodeTuple keepCache = keys.get(ConfigKeys.KEEP_CACHE);
        NodeTuple size = keys.get(ConfigKeys.SIZE);
        if (ttl == null && directIo == null && keepCache == null && size == null) {
            return CachePolicy.INHERIT;
        }
        return new CachePolicy(
                ttl == null ? null : duration(ttl),
                directIo == null ? null : bool(directIo, false),
                keepCache == null ? null : bool(keepCache, false),
                size == null ? null : parsed(size, true, NodeReader::exactSize));
    }

    /** {@code size: exact} or {@code size: unknown}. */
    private static boolean exactSize(String text) {
        return switch (text) {
            case "exact" -> true;
            case "unknown" -> false;
            default -> throw new IllegalArgumentException("'size' is 'exact' (stat reports the generated length) or 'unknown' (stat shows 0), not '" + text + "'");
        };
    }

    static boolean isNull(Node node) {
        return node == null || Tag.NULL.equals(node.getTag());
    }

    static Position position(Node node) {
        Mark mark = node.getStartMark();
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
