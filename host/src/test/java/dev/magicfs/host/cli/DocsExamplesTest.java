package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation cannot go stale unnoticed: every mount.yaml in README.md and docs/ passes
 * {@code magicfs check}, every JavaScript example loads as a {@code js} file's script (its top level runs and
 * it defines {@code read}), and every link between the pages finds its page and heading.
 *
 * <p>A yaml block is a whole mount.yaml (it has {@code files:}), or file entries indented under one, which
 * are checked inside {@code files:}. A comment right before it may name what the example expects beside it,
 * {@code <!-- example beside: scripts/limits.js, fixtures/ -->} (made here: a folder, or a script with a
 * read hook), or say {@code <!-- example not checked here: WHY -->}, for a kind that is not built in, or
 * {@code <!-- example file: NAME -->}, for a file that a terminal session of the page uses ({@link DocsSessionsTest}).
 */
class DocsExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("(?:<!-- example (beside: ([^>]*)|not checked here[^>]*|file: [^>]*) -->\\s*\\n\\s*)?```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+\\.md)?(?:#([\\w-]+))?\\)");

    @TempDir
    Path dir;

    /** README.md, then the pages of docs/. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(TestPaths.repositoryFile("README.md")));
        try (Stream<Path> docs = Files.list(TestPaths.repositoryFile("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyMountYamlInTheDocumentationPassesCheck() throws Exception {
        int checked = 0;
        for (Path page : pages()) {
            String text = Files.readString(page);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                String at = page.getFileName() + ":" + (text.substring(0, m.start(3)).split("\n", -1).length);
                if (m.group(1) != null && m.group(2) == null) { // not checked here, or a file a terminal session uses
                    continue;
                }
                String yaml = m.group(3).stripIndent();
                if (!Pattern.compile("^files:", Pattern.MULTILINE).matcher(yaml).find()) {
                    assertTrue(yaml.startsWith("  "), at + ": a yaml example is a mount.yaml, file entries, or says why it is not checked");
                    yaml = "files:\n" + yaml;
                }
                Path folder = Files.createDirectories(dir.resolve("example-" + ++checked));
                if (m.group(2) != null) {
                    for (String beside : m.group(2).split(",")) {
                        makeBeside(folder, beside.strip());
                    }
                }
                Path config = folder.resolve("mount.yaml");
                Files.writeString(config, yaml);
                assertEquals("", check(config), at);
            }
        }
        assertTrue(checked >= 6, "found " + checked + " examples");
    }

    @Test
    void everyJavaScriptExampleLoadsAsTheScriptOfAJsFile() throws Exception {
        int checked = 0;
        for (Path page : pages()) {
            String text = Files.readString(page);
            Matcher m = Pattern.compile("```js\\n(.*?)```", Pattern.DOTALL).matcher(text);
            while (m.find()) {
                Path folder = Files.createDirectories(dir.resolve("script-" + ++checked));
                Files.writeString(folder.resolve("example.js"), m.group(1));
                Path config = folder.resolve("mount.yaml");
                Files.writeString(config, "files:\n  example.txt: {kind: js, script: example.js}\n");
                assertEquals("", check(config), page.getFileName() + ":" + text.substring(0, m.start()).split("\n", -1).length);
            }
        }
        assertTrue(checked >= 2, "found " + checked + " scripts");
    }

    /** What {@code magicfs check} of {@code config} says is wrong: empty when it passes. */
    private static String check(Path config) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("check", "-c", config.toString(), "--plugins", TestPaths.builtInPlugins().toString());
        return code == 0 ? "" : "exit " + code + ": " + err;
    }

    private static void makeBeside(Path folder, String name) throws IOException {
        Path target = folder.resolve(name);
        if (name.endsWith("/")) {
            Files.createDirectories(target);
        } else {
            Files.createDirectories(target.getParent());
            Files.writeString(target, name.endsWith(".js") ? "function read(ctx) { return ''; }\n" : "");
        }
    }

    @Test
    void everyLinkBetweenThePagesFindsItsPageAndHeading() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                Path target = m.group(1) == null ? page : page.getParent().resolve(m.group(1)).normalize();
                if (!Files.exists(target)) {
                    broken.add(page.getFileName() + " -> " + m.group());
                } else if (m.group(2) != null && !anchors(target).contains(m.group(2))) {
                    broken.add(page.getFileName() + " -> " + m.group() + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertFalse(pages().size() < 9, "README.md and the docs pages");
    }

    /** The anchors GitHub gives a page's headings: lower case, spaces to hyphens, punctuation dropped. */
    private static List<String> anchors(Path page) throws IOException {
        return Files.readAllLines(page).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^\\w\\- ]", "").replace(' ', '-'))
                .toList();
    }
}
