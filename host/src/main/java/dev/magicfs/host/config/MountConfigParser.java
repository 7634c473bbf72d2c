package dev.magicfs.host.config;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Units;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads mount.yaml into a {@link MountSpec}. Every problem found is collected with its position, so one run
 * of {@code magicfs check} lists them all. Kind-specific keys are left to the kinds.
 */
public final class MountConfigParser {
    /** The largest mount.yaml read: 64 Mi characters, over a million one-line files. */
    private static final int MAX_CODE_POINTS = 64 << 20;
    /** Built-in cache defaults, used where neither a file, its kind nor {@code defaults:} says anything. */
    public static final CachePolicy BUILT_IN_DEFAULTS = new CachePolicy(Duration.ofSeconds(1), false, false, true);

    private static final int MAX_NAME_BYTES = 255;

    private final Path file;
    private final String displayName;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final DataConstructor constructor = new DataConstructor();
    /** The file's lines, to find where a block scalar's text starts. */
    private List<String> lines = List.of();

    private MountConfigParser(Path file, String displayName) {
        this.file = file;
        this.displayName = displayName;
    }

    /** Parses {@code file}; problems are reported as {@code displayName:LINE:COL: message}. */
    public static MountSpec parse(Path file, String displayName) throws ConfigException {
        return new MountConfigParser(file, displayName).parse();
    }

    private MountSpec parse() throws ConfigException {
        Node root = compose();
        if (root == null) {
            throw new ConfigException(problems);
        }
        if (!(root instanceof MappingNode top)) {
            fail(root, "expected a mapping with the keys " + ConfigKeys.TOP_LEVEL);
            throw new ConfigException(problems);
        }
        Map<String, NodeTuple> keys = keysOf(top, ConfigKeys.TOP_LEVEL, "top-level key");
        String name = scalar(keys.get(ConfigKeys.NAME), "magicfs");
        if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
            fail(keys.get(ConfigKeys.NAME).getValueNode(), "name may hold only letters, digits, '.', '_' and '-'");
        }
        Path base = file.toAbsolutePath().getParent();
        Path plugins = pluginsFolder(keys.get(ConfigKeys.PLUGINS), base);
        boolean allowOther = bool(keys.get(ConfigKeys.ALLOW_OTHER), false);
        Limits limits = new Limits(
                size(keys.get(ConfigKeys.MEMORY_LIMIT), Limits.defaultMemoryLimit()),
                size(keys.get(ConfigKeys.CACHE_LIMIT), Limits.DEFAULT_CACHE_LIMIT),
                count(keys.get(ConfigKeys.MAX_OPEN_FILES), Limits.DEFAULT_MAX_OPEN_FILES),
                requestTimeout(keys.get(ConfigKeys.REQUEST_TIMEOUT)));
        CachePolicy defaults = cachePolicy(keys.get(ConfigKeys.DEFAULTS)).orElse(BUILT_IN_DEFAULTS);
        List<FileEntry> files = files(keys.get(ConfigKeys.FILES), base);
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> a.position().line() != b.position().line()
                    ? Integer.compare(a.position().line(), b.position().line())
                    : Integer.compare(a.position().column(), b.position().column()));
            throw new ConfigException(problems);
        }
        return new MountSpec(file, displayName, name, plugins, allowOther, limits, defaults, files);
    }

    /** The folder of extra plugin jars mount.yaml names, or null; a folder that is not there is a mistake. */
    private Path pluginsFolder(NodeTuple tuple, Path base) {
        String name = scalar(tuple, null);
        if (name == null) {
            return null;
        }
        Path folder = base.resolve(name).normalize();
        if (!Files.isDirectory(folder)) {
            fail(tuple.getValueNode(), "plugins folder not found: " + folder
                    + " (it holds extra plugin jars; the built-in kinds need none, so the key can go)");
        }
        return folder;
    }

    private Node compose() throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below, with the position of the second one
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(MAX_CODE_POINTS); // SnakeYAML's default, 3 Mi, is about 50,000 files
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            lines = text.lines().toList();
            Node root = new Composer(new ParserImpl(new WholeTextReader(text), options), new Resolver(), options).getSingleNode();
            if (root == null) {
                problems.add(new ConfigProblem(displayName, new Position(1, 1), "the file is empty; expected at least 'files:'"));
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Position at = mark == null ? new Position(1, 1) : new Position(mark.getLine() + 1, mark.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.add(new ConfigProblem(displayName, at, "not valid YAML: " + what + context));
        } catch (YAMLException e) {
            problems.add(new ConfigProblem(displayName, new Position(1, 1), "not valid YAML: " + e.getMessage()));
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(displayName, new Position(1, 1), "file not found (name another with -c FILE)"));
        } catch (MalformedInputException e) {
            problems.add(new ConfigProblem(displayName, new Position(1, 1), "not valid UTF-8 text"));
        } catch (IOException e) {
            problems.add(new ConfigProblem(displayName, new Position(1, 1), "cannot read the file: " + e));
        }
        throw new ConfigException(problems);
    }

    private List<FileEntry> files(NodeTuple tuple, Path base) {
        if (tuple == null) {
            return List.of();
        }
        Node value = tuple.getValueNode();
        if (isNull(value)) {
            return List.of();
        }
        if (!(value instanceof MappingNode mapping)) {
            fail(value, "'files' must map paths to file specs, such as 'hello.txt: {kind: static, text: hi}'");
            return List.of();
        }
        List<FileEntry> entries = new ArrayList<>();
        Map<String, Node> filePaths = new HashMap<>();
        Map<String, Node> directoryPaths = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String raw = keyText(t);
            if (raw == null) {
                continue;
            }
            String path = normalizePath(raw, t.getKeyNode());
            if (path == null) {
                continue;
            }
            if (filePaths.containsKey(path)) {
                fail(t.getKeyNode(), "duplicate path '" + path + "' (first at line " + line(filePaths.get(path)) + ")");
                continue;
            }
            if (directoryPaths.containsKey(path)) {
                fail(t.getKeyNode(), "'" + path + "' is a file here but a directory at line " + line(directoryPaths.get(path)));
                continue;
            }
            String conflict = firstFileAncestor(path, filePaths);
            if (conflict != null) {
                fail(t.getKeyNode(), "'" + conflict + "' is a file at line " + line(filePaths.get(conflict))
                        + ", so it cannot hold '" + path + "'");
                continue;
            }
            filePaths.put(path, t.getKeyNode());
            for (String dir = parentOf(path); dir != null; dir = parentOf(dir)) {
                directoryPaths.putIfAbsent(dir, t.getKeyNode());
            }
            FileEntry entry = fileEntry(path, t, base);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private FileEntry fileEntry(String path, NodeTuple tuple, Path base) {
        Node specNode = tuple.getValueNode();
        Position position = position(tuple.getKeyNode());
        if (!(specNode instanceof MappingNode spec)) {
            fail(isNull(specNode) ? tuple.getKeyNode() : specNode,
                    "the spec of '" + path + "' must be a mapping with at least 'kind:'");
            return null;
        }
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : spec.getValue()) {
            String key = keyText(t);
            if (key == null) {
                continue;
            }
            if (keys.containsKey(key)) {
                fail(t.getKeyNode(), "duplicate key '" + key + "' (first at line " + line(keys.get(key).getKeyNode()) + ")");
                continue;
            }
            keys.put(key, t);
        }
        NodeTuple kindTuple = keys.get(ConfigKeys.KIND);
        String kind = scalar(kindTuple, null);
        if (kind == null) {
            fail(kindTuple != null ? kindTuple.getKeyNode() : tuple.getKeyNode(), "'" + path + "' has no 'kind:'");
            return null;
        }
        Integer mode = mode(keys.get(ConfigKeys.MODE));
        Map<String, NodeTuple> cacheKeys = new LinkedHashMap<>();
        Map<String, FileEntry.Value> values = new LinkedHashMap<>();
        keys.forEach((key, t) -> {
            if (ConfigKeys.CACHE.contains(key)) {
                cacheKeys.put(key, t);
            } else if (!ConfigKeys.COMMON_FILE_KEYS.contains(key)) {
                Node v = t.getValueNode();
                values.put(key, new FileEntry.Value(plain(v), data(v), position(t.getKeyNode()), valueText(v)));
            }
        });
        CachePolicy cachePolicy = cachePolicy(cacheKeys);
        return new FileEntry(path, position, kind, position(kindTuple.getValueNode()), mode, cachePolicy,
                values, base, displayName);
    }

    private CachePolicy cachePolicy(NodeTuple defaultsTuple) {
        if (defaultsTuple == null || isNull(defaultsTuple.getValueNode())) {
            return CachePolicy.INHERIT;
        }
        if (!(defaultsTuple.getValueNode() instanceof MappingNode mapping)) {
            fail(defaultsTuple.getValueNode(), "'defaults' must be a mapping with the keys " + ConfigKeys.CACHE);
            return CachePolicy.INHERIT;
        }
        return cachePolicy(keysOf(mapping, ConfigKeys.CACHE, "key in 'defaults'"));
    }

    private CachePolicy cachePolicy(Map<String, NodeTuple> keys) {
        NodeTuple ttl = keys.get(ConfigKeys.TTL);
        NodeTuple directIo = keys.get(ConfigKeys.DIRECT_IO);
        NodeTuple keepCache = keys.get(ConfigKeys.KEEP_CACHE);
        NodeTuple size = keys.get(ConfigKeys.SIZE);
        return new CachePolicy(
                ttl == null ? null : duration(ttl),
                directIo == null ? null : bool(directIo, false),
                keepCache == null ? null : bool(keepCache, false),
                size == null ? null : parsed(size, true, MountConfigParser::exactSize));
    }

    /** {@code size: exact} or {@code size: unknown}. */
    private static boolean exactSize(String text) {
        return switch (text) {
            case "exact" -> true;
            case "unknown" -> false;
            default -> throw new IllegalArgumentException("'size' is 'exact' (stat reports the generated length) or 'unknown' (stat shows 0), not '" + text + "'");
        };
    }

    /** The mapping's entries by key; unknown and duplicate keys are reported. */
    private Map<String, NodeTuple> keysOf(MappingNode mapping, Collection<String> known, String what) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = keyText(t);
            if (key == null) {
                continue;
            }
            if (!known.contains(key)) {
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

    private String keyText(NodeTuple t) {
        if (t.getKeyNode() instanceof ScalarNode s && !isNull(s)) {
            return s.getValue();
        }
        fail(t.getKeyNode(), "expected a plain name as key");
        return null;
    }

    /** A scalar's text, the fallback when absent or null; a list or map is reported. */
    private String scalar(NodeTuple t, String fallback) {
        if (t == null || isNull(t.getValueNode())) {
            return fallback;
        }
        if (t.getValueNode() instanceof ScalarNode s) {
            return s.getValue();
        }
        fail(t.getValueNode(), "'" + ((ScalarNode) t.getKeyNode()).getValue() + "' must be a single value");
        return fallback;
    }

    private boolean bool(NodeTuple t, boolean fallback) {
        return parsed(t, fallback, Units::parseBoolean);
    }

    private long size(NodeTuple t, long fallback) {
        return parsed(t, fallback, Units::parseSize);
    }

    /** A scalar read by one of {@link Units}' parsers; its complaint is reported at the value. */
    private <T> T parsed(NodeTuple t, T fallback, Function<String, T> parse) {
        String text = scalar(t, null);
        try {
            return text == null ? fallback : parse.apply(text);
        } catch (IllegalArgumentException e) {
            fail(t.getValueNode(), e.getMessage());
            return fallback;
        }
    }

    private int count(NodeTuple t, int fallback) {
        String text = scalar(t, null);
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(t.getValueNode(), "'" + keyText(t) + "' must be a whole number above 0, such as " + fallback);
        return fallback;
    }

    private Duration requestTimeout(NodeTuple t) {
        Duration value = t == null ? null : duration(t);
        if (value == null) {
            return Limits.DEFAULT_REQUEST_TIMEOUT;
        }
        if (value.isZero()) {
            fail(t.getValueNode(), "'" + keyText(t) + "' must be longer than 0, such as 30s");
        }
        return value;
    }

    private Duration duration(NodeTuple t) {
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

    private Integer mode(NodeTuple t) {
        String text = scalar(t, null);
        if (t == null) {
            return null;
        }
        if (text == null || !text.matches("0?[0-7]{3}")) {
            fail(t.getValueNode(), "expected an octal mode such as \"0644\" or \"0444\", not '" + text + "'");
            return null;
        }
        return Integer.parseInt(text, 8);
    }

    /** "a/b.txt" from "./a//b.txt/"; null (reported) for paths that cannot name a file in the mount. */
    private String normalizePath(String raw, Node at) {
        List<String> names = new ArrayList<>();
        for (String name : raw.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                fail(at, "'..' cannot appear in a path: '" + raw + "'");
                return null;
            }
            if (name.indexOf('\0') >= 0) {
                fail(at, "a path cannot contain a NUL character");
                return null;
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                fail(at, "the name '" + name.substring(0, 20) + "...' is longer than " + MAX_NAME_BYTES + " bytes");
                return null;
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            fail(at, "'" + raw + "' names the root directory, not a file");
            return null;
        }
        return String.join("/", names);
    }

    private static String firstFileAncestor(String path, Map<String, Node> filePaths) {
        for (String dir = parentOf(path); dir != null; dir = parentOf(dir)) {
            if (filePaths.containsKey(dir)) {
                return dir;
            }
        }
        return null;
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
            Object typed;
            try {
                typed = constructor.construct(s);
            } catch (RuntimeException e) { // a tag the value does not fit, such as !!int abc or bad !!binary
                fail(s, "cannot read '" + s.getValue() + "' as " + s.getTag().getValue() + ": " + e.getMessage());
                return s.getValue();
            }
            return typed instanceof Number || typed instanceof Boolean ? typed : s.getValue();
        });
    }

    /** A node as Java lists and maps (keys as text), with each scalar converted by {@code scalar}. */
    private static Object tree(Node node, Function<ScalarNode, Object> scalar) {
        if (isNull(node)) {
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
                for (int i = first; i < lines.size(); i++) {
                    String l = lines.get(i);
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

    private static boolean isNull(Node node) {
        return node == null || Tag.NULL.equals(node.getTag());
    }

    private void fail(Node at, String message) {
        problems.add(new ConfigProblem(displayName, position(at), message));
    }

    private static Position position(Node node) {
        Mark mark = node.getStartMark();
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
