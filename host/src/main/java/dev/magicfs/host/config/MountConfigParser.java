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
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * Reads mount.yaml into a {@link MountSpec}. Every problem found is collected with its position, so one run
 * of {@code magicfs check} lists them all. The entries of {@code files:} are read as they are composed
 * ({@link StreamingComposer}, {@link FileEntryReader}); kind-specific keys are left to the kinds.
 */
public final class MountConfigParser {
    /** The largest mount.yaml read: 64 Mi characters, over a million one-line files. */
    private static final int MAX_CODE_POINTS = 64 << 20;
    /** Built-in cache defaults, used where neither a file, its kind nor {@code defaults:} says anything. */
    public static final CachePolicy BUILT_IN_DEFAULTS = new CachePolicy(Duration.ofSeconds(1), false, false, true);

    private final Path file;
    private final String displayName;
    private final Path base;
    private final NodeReader reader;
    private FileEntryReader fileEntries;
    private StreamingComposer composer;
    private String text;

    private MountConfigParser(Path file, String displayName) {
        this.file = file;
        this.displayName = displayName;
        this.base = file.toAbsolutePath().getParent();
        this.reader = new NodeReader(displayName);
    }

    /** Parses {@code file}; problems are reported as {@code displayName:LINE:COL: message}. */
    public static MountSpec parse(Path file, String displayName) throws ConfigException {
        return new MountConfigParser(file, displayName).parse();
    }

    private MountSpec parse() throws ConfigException {
        Node root = compose();
        if (!(root instanceof MappingNode top)) {
            reader.fail(root, "expected a mapping with the keys " + ConfigKeys.TOP_LEVEL);
            throw new ConfigException(reader.problems());
        }
        Map<String, NodeTuple> keys = reader.keysOf(top, ConfigKeys.TOP_LEVEL, "top-level key");
        String name = reader.scalar(keys.get(ConfigKeys.NAME), "magicfs");
        if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
            reader.fail(keys.get(ConfigKeys.NAME).getValueNode(), "name may hold only letters, digits, '.', '_' and '-'");
        }
        Path plugins = pluginsFolder(keys.get(ConfigKeys.PLUGINS));
        boolean allowOther = reader.bool(keys.get(ConfigKeys.ALLOW_OTHER), false);
        boolean magicDir = reader.bool(keys.get(ConfigKeys.MAGIC_DIR), true);
        Limits limits = new Limits(
                size(keys.get(ConfigKeys.MEMORY_LIMIT), Limits.defaultMemoryLimit()),
                size(keys.get(ConfigKeys.CACHE_LIMIT), Limits.DEFAULT_CACHE_LIMIT),
                count(keys.get(ConfigKeys.MAX_OPEN_FILES), Limits.DEFAULT_MAX_OPEN_FILES),
                requestTimeout(keys.get(ConfigKeys.REQUEST_TIMEOUT)));
        CachePolicy defaults = defaults(keys.get(ConfigKeys.DEFAULTS)).orElse(BUILT_IN_DEFAULTS);
        List<FileEntry> files = files(keys.get(ConfigKeys.FILES));
        if (magicDir) {
            files.stream().filter(f -> f.path().equals(ConfigKeys.MAGIC_FOLDER) || f.path().startsWith(ConfigKeys.MAGIC_FOLDER + "/")).forEach(f ->
                    reader.problem(f.position(), "'" + ConfigKeys.MAGIC_FOLDER + "' is the mount's own folder (statistics, log, reload); "
                            + "name the file otherwise, or set 'magic_dir: false'"));
        }
        List<ConfigProblem> problems = reader.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new MountSpec(file, displayName, name, plugins, allowOther, magicDir, limits, defaults, files, text);
    }

    /** The document's root node, with the entries of its {@code files:} already read. */
    private Node compose() throws ConfigException {
        text = readText();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below, with the position of the second one
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(MAX_CODE_POINTS); // SnakeYAML's default, 3 Mi, is about 50,000 files
        fileEntries = new FileEntryReader(reader, base, new LazyLines(text));
        try {
            composer = new StreamingComposer(new ParserImpl(new WholeTextReader(text), options), options, fileEntries::read);
            Node root = composer.getSingleNode();
            if (root != null) {
                return root;
            }
            reader.problem(new Position(1, 1), "the file is empty; expected at least 'files:'");
        } catch (MarkedYAMLException e) {
            reader.forgetProblems(); // what the entries before it showed may be a consequence of it
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Position at = mark == null ? new Position(1, 1) : new Position(mark.getLine() + 1, mark.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            reader.problem(at, "not valid YAML: " + what + context);
        } catch (YAMLException e) {
            reader.forgetProblems();
            reader.problem(new Position(1, 1), "not valid YAML: " + e.getMessage());
        }
        throw new ConfigException(reader.problems());
    }

    /** mount.yaml's text. */
    private String readText() throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            reader.problem(new Position(1, 1), "file not found (name another with -c FILE)");
        } catch (MalformedInputException e) {
            reader.problem(new Position(1, 1), "not valid UTF-8 text");
        } catch (IOException e) {
            reader.problem(new Position(1, 1), "cannot read the file: " + e);
        }
        throw new ConfigException(reader.problems());
    }

    private List<FileEntry> files(NodeTuple tuple) {
        Node value = tuple == null ? null : tuple.getValueNode();
        if (NodeReader.isNull(value)) {
            return List.of();
        }
        if (!(value instanceof MappingNode mapping)) {
            reader.fail(value, "'files' must map paths to file specs, such as 'hello.txt: {kind: static, text: hi}'");
            return List.of();
        }
        if (mapping != composer.streamedFiles()) { // an alias of a mapping composed earlier
            mapping.getValue().forEach(fileEntries::read);
        }
        return fileEntries.entries();
    }

    /** The folder of extra plugin jars mount.yaml names, or null; a folder that is not there is a mistake. */
    private Path pluginsFolder(NodeTuple tuple) {
        String name = reader.scalar(tuple, null);
        if (name == null) {
            return null;
        }
        Path folder = base.resolve(name).normalize();
        if (!Files.isDirectory(folder)) {
            reader.fail(tuple.getValueNode(), "plugins folder not found: " + folder
                    + " (it holds extra plugin jars; the built-in kinds need none, so the key can go)");
        }
        return folder;
    }

    private CachePolicy defaults(NodeTuple tuple) {
        if (tuple == null || NodeReader.isNull(tuple.getValueNode())) {
            return CachePolicy.INHERIT;
        }
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            reader.fail(tuple.getValueNode(), "'defaults' must be a mapping with the keys " + ConfigKeys.CACHE);
            return CachePolicy.INHERIT;
        }
        return reader.cachePolicy(reader.keysOf(mapping, ConfigKeys.CACHE, "key in 'defaults'"));
    }

    private long size(NodeTuple t, long fallback) {
        return reader.parsed(t, fallback, Units::parseSize);
    }

    private int count(NodeTuple t, int fallback) {
        String text = reader.scalar(t, null);
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
        reader.fail(t.getValueNode(), "'" + reader.keyText(t) + "' must be a whole number above 0, such as " + fallback);
        return fallback;
    }

    private Duration requestTimeout(NodeTuple t) {
        Duration value = t == null ? null : reader.duration(t);
        if (value == null) {
            return Limits.DEFAULT_REQUEST_TIMEOUT;
        }
        if (value.isZero()) {
            reader.fail(t.getValueNode(), "'" + reader.keyText(t) + "' must be longer than 0, such as 30s");
        }
        return value;
    }

    /** mount.yaml's lines, split only if a block scalar asks for one. */
    private static final class LazyLines implements IntFunction<String> {
        private final String text;
        private List<String> lines;

        LazyLines(String text) {
            this.text = text;
        }

        @Override
        public String apply(int index) {
            if (lines == null) {
                lines = text.lines().toList();
            }
            return index < lines.size() ? lines.get(index) : null;
        }
    }
}
