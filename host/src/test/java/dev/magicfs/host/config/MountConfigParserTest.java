package dev.magicfs.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountConfigParserTest {
    @TempDir
    Path dir;

    @Test
    void pathsAreNormalizedAndCacheKeysLayered() throws Exception {
        MountSpec spec = parse("""
                name: demo
                defaults: {ttl: 5s, direct_io: true}
                files:
                  ./a//b.txt: {kind: static, text: hi, keep_cache: false, ttl: 250ms}
                  c.json: {kind: js, params: {max: 10, names: [x, y]}}
                """);
        assertEquals("demo", spec.name());
        assertNull(spec.pluginsDirectory());
        assertEquals(Duration.ofSeconds(5), spec.defaults().ttl());
        assertEquals(true, spec.defaults().directIo());
        assertEquals(false, spec.defaults().keepCache());
        FileEntry ab = spec.files().get(0);
        assertEquals("a/b.txt", ab.path());
        assertEquals(Duration.ofMillis(250), ab.cachePolicy().ttl());
        assertNull(ab.cachePolicy().directIo());
        assertEquals(new Position(4, 3), ab.position());
        assertEquals(new Position(4, 30), ab.positionOf("text"));
        assertEquals(Map.of("max", "10", "names", List.of("x", "y")), spec.files().get(1).value("params"));
    }

    @Test
    void pathsThatCannotBeFilesAreRejected() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                files:
                  ../up.txt: {kind: static, text: x}
                  /: {kind: static, text: x}
                  empty.txt:
                """));
        assertEquals(List.of(
                "mount.yaml:2:3: '..' cannot appear in a path: '../up.txt'",
                "mount.yaml:3:3: '/' names the root directory, not a file",
                "mount.yaml:4:3: the spec of 'empty.txt' must be a mapping with at least 'kind:'"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aSyntaxErrorIsTheOneProblemReportedThoughEntriesBeforeItHaveSome() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                files:
                  a.txt: {kind: static}
                  ../b.txt: {kind: static, text: x}
                  c.txt: {kind: static, text: "unterminated}
                """));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertEquals(5, e.problems().get(0).position().line(), e.problems().toString());
        assertEquals(true, e.problems().get(0).message().startsWith("not valid YAML: "), e.problems().toString());
    }

    @Test
    void filesReadAsTheyAreComposedKeepTheirPositionsAndTheFirstFilesKeyCounts() throws Exception {
        String twoFiles = """
                files:
                  a.txt: {kind: static, text: one}
                  script.js:
                    kind: js
                    source: |
                      // line 1
                        let x = 1;
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> parse(twoFiles + """
                files:
                  b.txt: {kind: static, text: two}
                """));
        assertEquals(List.of("mount.yaml:8:1: duplicate key 'files' (first at line 1)"),
                e.problems().stream().map(ConfigProblem::toString).toList());
        MountSpec spec = parse(twoFiles);
        assertEquals(List.of("a.txt", "script.js"), spec.files().stream().map(FileEntry::path).toList());
        FileEntry script = spec.files().get(1);
        assertEquals(new Position(7, 9), script.positionIn("source", 2, 3), "a block's text keeps its place");
        assertEquals(new Position(2, 3), spec.files().get(0).position());
    }

    @Test
    void theFilesMappingMayCarryAnAnchor() throws Exception {
        Path file = Files.writeString(dir.resolve("mount.yaml"), """
                defaults: {ttl: 2s}
                files: &all
                  a.txt: {kind: static, text: one}
                """);
        assertEquals(List.of("a.txt"), MountConfigParser.parse(file, "mount.yaml").files().stream().map(FileEntry::path).toList());
    }

    private MountSpec parse(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("mount.yaml"), yaml);
        return MountConfigParser.parse(file, "mount.yaml");
    }
}
