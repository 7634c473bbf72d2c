package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.PluginJar;
import dev.magicfs.host.testing.SqliteFiles;
import dev.magicfs.host.testing.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code magicfs check} reports every mistake as FILE:LINE:COL: message, and exits 1. */
class CheckCommandTest {
    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, List<String> errors) {}

    @Test
    void theDefaultMountYamlIsValid() {
        Outcome o = run("check", "-c", TestPaths.repositoryFile("mount.yaml").toString(), "--plugins", TestPaths.builtInPlugins().toString());
        assertEquals(0, o.exitCode(), String.join("\n", o.errors()));
        assertTrue(o.out().endsWith(": OK, 7 files (kinds: clock, js, lazy-remote, static, writable-dir, writable-memory)\n"), o.out());
    }

    @Test
    void everyMistakeIsReportedWithLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("mount.yaml"), """
                name: magicfs
                plugin: plugins
                defaults:
                  ttl: 2 parsecs
                files:
                  time.txt:
                    kind: clok
                  hello.txt:
                    kind: static
                    txt: "hi"
                  hello.txt:
                    kind: static
                    text: "again"
                  a:
                    kind: static
                    text: "a file"
                  a/b.txt:
                    kind: static
                    text: "inside a file?"
                  data.txt:
                    kind: static
                    file: missing.txt
                  notes.txt:
                    kind: writable-memory
                    mode: "rwx"
                    max_size: lots
                  slow.txt:
                    kind: lazy-remote
                    url: "gopher://old.example/"
                    delay: soon
                """);
        Outcome o = check();
        assertEquals(1, o.exitCode());
        assertEquals(List.of(
                "mount.yaml:2:1: unknown top-level key 'plugin' (did you mean 'plugins'?); expected one of [name, plugins, "
                        + "allow_other, memory_limit, cache_limit, max_open_files, request_timeout, magic_dir, defaults, files]",
                "mount.yaml:4:8: expected a duration such as 0, 500ms, 1s, 2m, 1h or 7d, not '2 parsecs'",
                "mount.yaml:11:3: duplicate path 'hello.txt' (first at line 8)",
                "mount.yaml:17:3: 'a' is a file at line 14, so it cannot hold 'a/b.txt'",
                "mount.yaml:25:11: expected an octal mode such as \"0644\", \"0444\" or \"1777\", not 'rwx'"), o.errors());

        Files.writeString(dir.resolve("mount.yaml"), Files.readString(dir.resolve("mount.yaml"))
                .replace("plugin: plugins", "plugins: plugins").replace("2 parsecs", "2s")
                .replace("  hello.txt:\n    kind: static\n    text: \"again\"\n", "")
                .replace("  a/b.txt:\n", "  b/b.txt:\n").replace("\"rwx\"", "\"0600\""));
        o = check();
        assertEquals(List.of("mount.yaml:2:10: plugins folder not found: " + dir.resolve("plugins")
                + " (it holds extra plugin jars; the built-in kinds need none, so the key can go)"), o.errors());

        // Once the structure is right, each file is checked by its kind.
        Files.createDirectories(dir.resolve("plugins"));
        o = check();
        assertEquals(1, o.exitCode());
        assertEquals(List.of(
                "mount.yaml:7:11: unknown kind 'clok' (did you mean 'clock'?); installed kinds: [bucket, clock, js, js-dir, lazy-remote, sql, static, writable-dir, writable-memory]",
                "mount.yaml:10:5: unknown key 'txt' for kind 'static' (did you mean 'text'?); expected one of [direct_io, expire_after, file, keep_cache, kind, mode, size, text, ttl]",
                "mount.yaml:19:5: file not found: " + dir.resolve("missing.txt"),
                "mount.yaml:23:5: expected a size such as 4096, 64KiB or 16MiB, not 'lots'",
                "mount.yaml:26:5: unsupported URL scheme 'gopher' (expected http, https, file: or data:)"), o.errors());
    }

    @Test
    void limitAndPersistMistakesAreReportedWithLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("mount.yaml"), """
                memory_limit: lots
                max_open_files: -3
                request_timeout: 0
                files:
                  notes.txt: {kind: writable-memory, persist: nowhere/notes.bin}
                  more.txt: {kind: writable-memory, persist_interval: 5s}
                  same.txt: {kind: writable-memory, persist: saved.bin}
                  again.txt: {kind: writable-memory, persist: ./saved.bin}
                """);
        Outcome o = check();
        assertEquals(1, o.exitCode());
        assertEquals(List.of(
                "mount.yaml:1:15: expected a size such as 4096, 64KiB or 16MiB, not 'lots'",
                "mount.yaml:2:17: 'max_open_files' must be a whole number above 0, such as 10000",
                "mount.yaml:3:18: 'request_timeout' must be longer than 0, such as 30s"), o.errors());
        Files.writeString(dir.resolve("mount.yaml"), String.join("\n", Files.readAllLines(dir.resolve("mount.yaml")).subList(3, 8)));
        o = check();
        assertEquals(1, o.exitCode());
        assertEquals(List.of(
                "mount.yaml:2:38: folder not found for the persist file: " + dir.resolve("nowhere"),
                "mount.yaml:3:37: persist_interval needs 'persist: FILE' to save to",
                "mount.yaml:5:38: another file already persists to " + dir.resolve("saved.bin")), o.errors());
    }

    @Test
    void sqlMistakesArePreparedAndReportedBeforeMounting() throws Exception {
        SqliteFiles.create(dir.resolve("mail.db"), "create table messages (id integer primary key, body text)");
        Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  a:
                    kind: sql
                    url: jdbc:sqlite:mail.db
                    query: selec id from messages
                    name: "{id}.txt"
                    content: id
                  b:
                    kind: sql
                    url: jdbc:sqlite:mail.db
                    query: select id, body from messages
                    name: "{id}-{subject}.txt"
                    content: body
                    update: update messages set body = :content where id = :identifier
                  c:
                    kind: sql
                    url: jdbc:sqlite:nowhere.db
                    query: select 1
                    name: x
                    content: x
                """);
        Outcome o = check();
        assertEquals(1, o.exitCode());
        assertEquals(3, o.errors().size(), o.errors().toString());
        assertTrue(o.errors().get(0).startsWith("mount.yaml:5:5: the query does not prepare: "), o.errors().get(0));
        assertTrue(o.errors().get(0).contains("near \"selec\": syntax error"), o.errors().get(0));
        assertEquals("mount.yaml:12:5: column 'subject' is not among the query's columns [id, body]", o.errors().get(1));
        assertEquals("mount.yaml:17:5: SQLite database not found: " + dir.resolve("nowhere.db"), o.errors().get(2));
        assertTrue(Files.notExists(dir.resolve("nowhere.db")), "check created no database");
    }

    @Test
    void aJsDirWithoutListIsReported() throws Exception {
        Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  users:
                    kind: js-dir
                    source: |
                      function read(ctx, name) { return name; }
                """);
        Outcome o = check();
        assertEquals(1, o.exitCode());
        assertEquals(List.of("mount.yaml:4:5: the script defines no function list(ctx, dir)"), o.errors());
    }

    @Test
    void scriptMistakesPointAtTheScriptsLineAndColumn() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/limits.js"), """
                // limits
                function read(ctx) {
                  return { max: ctx.params.max ;
                }
                """);
        Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  inline.txt:
                    kind: js
                    source: |
                      function read(ctx) {
                        return 'a' +;
                      }
                  one-line.txt: {kind: js, source: "function read() { return 1 +; }"}
                  no-read.txt:
                    kind: js
                    source: "function reed() {}"
                  top-level.txt:
                    kind: js
                    source: |
                      const settings = null;
                      settings.volume = 3;
                      function read() {}
                  config/limits.json:
                    kind: js
                    script: scripts/limits.js
                    params: { max: 10 }
                """);
        Outcome o = check();
        assertEquals(1, o.exitCode());
        assertEquals(List.of(
                "mount.yaml:6:21: SyntaxError: Expected an operand but found ;",
                "mount.yaml:8:65: SyntaxError: Expected an operand but found ;",
                "mount.yaml:11:5: the script defines no function read(ctx)",
                "mount.yaml:16:7: the script's top level threw TypeError: Cannot set property 'volume' of null",
                dir.resolve("scripts/limits.js") + ":3:32: SyntaxError: Expected comma but found ; (script of 'config/limits.json')"),
                o.errors());
    }

    @Test
    void yamlSyntaxErrorsPointAtTheProblem() throws Exception {
        Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  hello.txt:
                    kind: static
                    text: "unterminated
                """);
        Outcome o = check();
        assertEquals(1, o.exitCode());
        assertEquals(1, o.errors().size(), o.errors().toString());
        assertTrue(o.errors().get(0).startsWith("mount.yaml:5:1: not valid YAML: found unexpected end of stream"), o.errors().get(0));
    }

    @Test
    void aSecondPluginClaimingAKindIsRefused() throws Exception {
        Path plugins = pluginsWithBuiltIns();
        PluginJar.withId("my-static").source("x.MyStatic", kind("x", "MyStatic", "static"), true).writeTo(plugins);
        Outcome o = run("kinds", "--plugins", plugins.toString());
        assertEquals(1, o.exitCode());
        assertEquals(1, o.errors().size(), o.errors().toString());
        String e = o.errors().get(0);
        assertTrue(e.startsWith("plugins: kind 'static' is provided twice: by plugin '"), e);
        assertTrue(e.contains("magicfs-static.jar") && e.contains("my-static.jar"), e);
    }

    @Test
    void aPluginForAnotherApiVersionIsRefusedNamingBothVersions() throws Exception {
        Path plugins = pluginsWithBuiltIns();
        PluginJar.withId("future").version("3.0.0").requires("^9.0.0")
                .source("x.Future", kind("x", "Future", "future"), true).writeTo(plugins);
        Outcome o = run("kinds", "--plugins", plugins.toString());
        assertEquals(1, o.exitCode());
        assertEquals(List.of("plugins: " + plugins.resolve("future.jar") + ": plugin 'future' 3.0.0 requires magicfs plugin API '^9.0.0', "
                + "but this magicfs provides " + dev.magicfs.api.ApiVersion.current()), o.errors());
    }

    @Test
    void aJarThatIsNotAPluginIsNamed() throws Exception {
        Path plugins = pluginsWithBuiltIns();
        Files.write(plugins.resolve("notes.jar"), new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Outcome o = run("kinds", "--plugins", plugins.toString());
        assertEquals(1, o.exitCode());
        assertEquals(1, o.errors().size(), o.errors().toString());
        assertTrue(o.errors().get(0).startsWith("plugins: " + plugins.resolve("notes.jar") + ": not a magicfs plugin (its manifest needs Plugin-Id and Plugin-Version)"), o.errors().toString());
    }

    private Path pluginsWithBuiltIns() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (var jars = Files.list(TestPaths.builtInPlugins())) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        return plugins;
    }

    private static String kind(String pkg, String className, String name) {
        return "package " + pkg + ";\n"
                + "@org.pf4j.Extension public class " + className + " implements dev.magicfs.api.FileKind {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public java.util.Set<String> keys() { return java.util.Set.of(); }\n"
                + "  public dev.magicfs.api.Node create(dev.magicfs.api.FileSpec s, dev.magicfs.api.FileLog l) { return new dev.magicfs.api.Node() {}; }\n"
                + "}\n";
    }

    @Test
    void expireAfterOnAFileThatTakesNoWritesIsRefusedAtTheKey() throws Exception {
        Files.writeString(dir.resolve("mount.yaml"), "files:\n  hello.txt: {kind: static, text: hi, expire_after: 1d}\n");
        Outcome o = check();
        assertEquals(1, o.exitCode());
        assertEquals(List.of("mount.yaml:2:39: 'expire_after' needs a writable file or a writable directory, and kind 'static' "
                + "makes neither"), o.errors());
    }

    private Outcome check() {
        return run("check", "-c", "mount.yaml", "--plugins", TestPaths.builtInPlugins().toString());
    }

    /**
     * A script that checked clean is recorded (the build's tests keep their records in target/cache) and not run
     * again while it stays the same; once edited, it is checked again and its mistake reported at its line.
     */
    @Test
    void anUnchangedScriptIsCheckedOnceAndAnEditedOneAgain() throws Exception {
        Path records = Path.of(System.getenv("XDG_CACHE_HOME"), "magicfs", "js");
        Files.writeString(dir.resolve("mount.yaml"), "files:\n  s.txt: {kind: js, script: s.js}\n");
        Path script = dir.resolve("s.js");
        Files.writeString(script, "// " + dir + "\nfunction read(ctx) { return 'ok'; }\n"); // text no other test has
        String plugins = TestPaths.builtInPlugins().toString();
        long before = count(records);
        Outcome first = run("check", "-c", "mount.yaml", "--plugins", plugins);
        assertEquals(0, first.exitCode(), String.join("\n", first.errors()));
        assertEquals(before + 1, count(records), "a clean check is recorded");
        Outcome again = run("check", "-c", "mount.yaml", "--plugins", plugins);
        assertEquals(0, again.exitCode(), String.join("\n", again.errors()));
        assertEquals(before + 1, count(records), "the same script is found in the records");
        Files.writeString(script, "// " + dir + "\nfunction read(ctx) { return 'ok' + ; }\n");
        Outcome edited = run("check", "-c", "mount.yaml", "--plugins", plugins);
        assertEquals(1, edited.exitCode());
        assertEquals(List.of("s.js:2:36: SyntaxError: Expected an operand but found ; (script of 's.txt')"), edited.errors().stream()
                .map(line -> line.substring(line.indexOf("s.js:"))).toList());
        assertEquals(before + 1, count(records), "a script with a mistake is never recorded");
    }

    private static long count(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }

    /** Runs the command line in this JVM, from {@code dir}, so file names show as the user typed them. */
    private Outcome run(String... args) {
        String[] resolved = args.clone();
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i].equals("mount.yaml")) {
                resolved[i] = dir.resolve("mount.yaml").toString();
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(resolved);
        String errors = err.toString().replace(dir.resolve("mount.yaml").toString(), "mount.yaml");
        return new Outcome(code, out.toString(), errors.isEmpty() ? List.of() : List.of(errors.split("\n")));
    }
}
