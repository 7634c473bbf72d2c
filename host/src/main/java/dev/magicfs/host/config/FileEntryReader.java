package dev.magicfs.host.config;

import dev.magicfs.api.CachePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the entries of {@code files:} one at a time, as they are composed, into {@link FileEntry}s: paths
 * normalized and checked against each other, the common keys parsed, the kind's own keys kept as values.
 */
final class FileEntryReader {
    private static final int MAX_NAME_BYTES = 255;

    private final NodeReader reader;
    private final Path base;
    /** A line of mount.yaml by its index from 0 (as SnakeYAML counts), or null past the end. */
    private final IntFunction<String> lineOfFile;
    private final DataConstructor constructor = new DataConstructor();
    private final List<FileEntry> entries = new ArrayList<>();
    /** The line of each file's path, and of the first path under each directory. */
    private final Map<String, Integer> fileLines = new HashMap<>();
    private final Map<String, Integer> directoryLines = new HashMap<>();

    FileEntryReader(NodeReader reader, Path base, IntFunction<String> lineOfFile) {
        this.reader = reader;
        this.base = base;
        this.lineOfFile = lineOfFile;
    }

    List<FileEntry> entries() {
        return entries;
    }

    /** Reads one entry of {@code files:}, or reports why it names no file. */
    void read(NodeTuple t) {
        String raw = reader.keyText(t);
        if (raw == null) {
            return;
        }
        Node at = t.getKeyNode();
        String path = normalizePath(raw, at);
        if (path == null) {
            return;
        }
        if (fileLines.containsKey(path)) {
            reader.fail(at, "duplicate path '" + path + "' (first at line " + fileLines.get(path) + ")");
            return;
        }
        if (directoryLines.containsKey(path)) {
            reader.fail(at, "'" + path + "' is a file here but a directory at line " + directoryLines.get(path));
            return;
        }
        for (String dir = parentOf(path); dir != null; dir = parentOf(dir)) {
            if (fileLines.containsKey(dir)) {
                reader.fail(at, "'" + dir + "' is a file at line " + fileLines.get(dir) + ", so it cannot hold '" + path + "'");
                return;
            }
        }
        Integer line = NodeReader.line(at);
        fileLines.put(path, line);
        for (String dir = parentOf(path); dir != null && directoryLines.putIfAbsent(dir, line) == null; dir = parentOf(dir)) {
            // an ancestor already listed has its own ancestors listed too
        }
        FileEntry entry = fileEntry(path, t);
        if (entry != null) {
            entries.add(entry);
        }
    }

    private FileEntry fileEntry(String path, NodeTuple tuple) {
        Node specNode = tuple.getValueNode();
        if (!(specNode instanceof MappingNode spec)) {
            reader.fail(NodeReader.isNull(specNode) ? tuple.getKeyNode() : specNode,
                    "the spec of '" + path + "' must be a mapping with at least 'kind:'");
            return null;
        }
        Map<String, NodeTuple> keys = reader.keysOf(spec, null, null);
        NodeTuple kindTuple = keys.get(ConfigKeys.KIND);
        String kind = reader.scalar(kindTuple, null);
        if (kind == null) {
            reader.fail(kindTuple != null ? kindTuple.getKeyNode() : tuple.getKeyNode(), "'" + path + "' has no 'kind:'");
            return null;
        }
        Integer mode = mode(keys.get(ConfigKeys.MODE));
        Map<String, FileEntry.Value> values = new LinkedHashMap<>(4);
        keys.forEach((key, t) -> {
            if (!ConfigKeys.COMMON_FILE_KEYS.contains(key)) {
                Node v = t.getValueNode();
                values.put(key, new FileEntry.Value(plain(v), data(v), NodeReader.position(t.getKeyNode()), valueText(v)));
            }
        });
        CachePolicy cachePolicy = reader.cachePolicy(keys);
        return new FileEntry(path, NodeReader.position(tuple.getKeyNode()), kind,
                NodeReader.position(kindTuple.getValueNode()), mode, cachePolicy, expireAfter(keys.get(ConfigKeys.EXPIRE_AFTER)),
                values, base, reader.displayName());
    }

    private FileEntry.ExpireAfter expireAfter(NodeTuple t) {
        Duration after = t == null ? null : reader.duration(t);
        if (after == null) {
            return null;
        }
        if (!after.isPositive()) {
            reader.fail(t.getValueNode(), "'expire_after' must be longer than 0, such as 7d");
            return null;
        }
        return new FileEntry.ExpireAfter(after, NodeReader.position(t.getKeyNode()));
    }

    private Integer mode(NodeTuple t) {
        String text = reader.scalar(t, null);
        if (t == null) {
            return null;
        }
        if (text == null || !text.matches("[0-7]?[0-7]{3}")) { // a leading digit: setuid, setgid, sticky
            reader.fail(t.getValueNode(), "expected an octal mode such as \"0644\", \"0444\" or \"1777\", not '" + text + "'");
            return null;
        }
        return Integer.parseInt(text, 8);
    }

    /** "a/b.txt" from "./a//b.txt/"; null (reported) for paths that cannot name a file in the mount. */
    private String normalizePath(String raw, Node at) {
        if (isNormal(raw)) {
            return raw;
        }
        List<String> names = new ArrayList<>();
        for (String name : raw.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                reader.fail(at, "'..' cannot appear in a path: '" + raw + "'");
                return null;
            }
            if (name.indexOf('\0') >= 0) {
                reader.fail(at, "a path cannot contain a NUL character");
                return null;
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                reader.fail(at, "the name '" + name.substring(0, 20) + "...' is longer than " + MAX_NAME_BYTES + " bytes");
                return null;
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            reader.fail(at, "'" + raw + "' names the root directory, not a file");
            return null;
        }
        return String.join("/", names);
    }

    /**
     * Whether {@code raw} is already a normal path, the common case: names of 1 to 85 characters (so at most
     * 255 bytes in UTF-8) without NUL, none of them "." or "..", joined by single slashes.
     */
    private static boolean isNormal(String raw) {
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            char c = i < raw.length() ? raw.charAt(i) : '/';
            if (c == '\0') {
                return false;
            }
            if (c == '/') {
                int length = i - start;
                if (length == 0 || length > MAX_NAME_BYTES / 3
                        || (raw.charAt(start) == '.' && (length == 1 || (length == 2 && raw.charAt(start + 1) == '.')))) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    /** Scalars become their text, sequences lists, mappings maps; nulls stay null. */
    private static Object plain(Node node) {
        return tree(node, ScalarNode::getValue);
    }

    /** Like {@link #plain}, but numbers and booleans typed as YAML reads them; other scalars stay text. */
    private Object data(Node node) {
        return tree(node, s -> {
            if (Tag.STR.equals(s.getTag())) {
                return s.getValue(); // most values: no need to ask the constructor
            }
            Object typed;
            try {
                typed = constructor.construct(s);
            } catch (RuntimeException e) { // a tag the value does not fit, such as !!int abc or bad !!binary
                reader.fail(s, "cannot read '" + s.getValue() + "' as " + s.getTag().getValue() + ": " + e.getMessage());
                return s.getValue();
            }
            return typed instanceof Number || typed instanceof Boolean ? typed : s.getValue();
        });
    }

    /** A node as Java lists and maps (keys as text), with each scalar converted by {@code scalar}. */
    private static Object tree(Node node, Function<ScalarNode, Object> scalar) {
        if (NodeReader.isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode s) {
            return scalar.apply(s);
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            seq.getValue().forEach(n -> list.add(tree(n, scalar)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            map.put(String.valueOf(plain(t.getKeyNode())), tree(t.getValueNode(), scalar));
        }
        return map;
    }

    /** How a scalar's text maps to mount.yaml's lines and columns. */
    private ValueText valueText(Node node) {
        if (!(node instanceof ScalarNode s)) {
            return ValueText.UNMAPPED;
        }
        Mark start = s.getStartMark();
        switch (s.getScalarStyle()) {
            case LITERAL -> {
                // The text starts on the line after the '|'; its indentation is the first content line's.
                int first = start.getLine() + 1;
                int indent = 0;
                for (int i = first; lineOfFile.apply(i) != null; i++) {
                    String l = lineOfFile.apply(i);
                    if (!l.isBlank()) {
                        indent = l.length() - l.stripLeading().length();
                        break;
                    }
                }
                return new ValueText(first + 1, indent + 1, s.getEndMark().getLine() - first + 1);
            }
            case PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED -> {
                if (start.getLine() != s.getEndMark().getLine()) {
                    return ValueText.UNMAPPED;
                }
                int quote = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
                return new ValueText(start.getLine() + 1, start.getColumn() + 1 + quote, 1);
            }
            default -> {
                return ValueText.UNMAPPED;
            }
        }
    }

    /** SnakeYAML's own typing of scalars (ints, floats, booleans), reached through its protected API. */
    private static final class DataConstructor extends SafeConstructor {
        DataConstructor() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }
}
