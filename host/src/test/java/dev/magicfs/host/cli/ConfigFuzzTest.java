package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly mutated mount.yaml files, each run through {@code magicfs check}: every one ends in "OK" (exit 0)
 * or in messages of the form {@code file:line:col: text} (exit 1), never in a stack trace or a hang.
 */
class ConfigFuzzTest {
    static final int RUNS = Integer.getInteger("magicfs.fuzz.runs", 10_000);
    static final Pattern PROBLEM = Pattern.compile("\\S+:\\d+:\\d+: \\S.*");
    /** What mutations insert: YAML's structure characters, and values kinds must judge. */
    static final String[] FRAGMENTS = {":", " ", "\n", "\t", "-", "#", "{", "}", "[", "]", ",", "'", "\"", "|", ">",
        "&a", "*a", "!!binary", "!!int", "?", "%", "@", "`", "~", "null", "0", "-1", "99999999999999999999", "1.5",
        "0777", "10GiB", "1h", "ms", "true", "no", "\\u0000", "é", "../", "/", "files:", "kind: static",
        "kind: js", "kind: lazy-remote", "kind: writable-memory", "kind: clock", "text: x", "source: ",
        "function read(ctx) {", "url: data:,x", "url: file:nowhere", "persist: p.bin", "ttl: ", "mode: ",
        "max_size: ", "memory_limit: ", "request_timeout: ", "max_open_files: ", "defaults:", "  ", "    "};
    static final String SEED = """
            name: fuzz
            memory_limit: 64MiB
            cache_limit: 1MiB
            max_open_files: 100
            request_timeout: 5s
            defaults:
              ttl: 1s
              keep_cache: true
            files:
              hello.txt: {kind: static, text: "hi\\n", mode: "0444"}
              deep/a/b.txt: {kind: static, text: "deep"}
              time.txt: {kind: clock, template: "{time}", pattern: "HH:mm", direct_io: true}
              remote.txt: {kind: lazy-remote, url: "data:,x", delay: 10ms, timeout: 1s, max_size: 1KiB}
              notes.txt:
                kind: writable-memory
                text: "start"
                max_size: 1MiB
                persist: notes.bin
                persist_interval: 5s
              greeting.txt:
                kind: js
                timeout: 200ms
                params: {who: [1, 2, {a: b}]}
                source: |
                  function read(ctx) { return 'hi ' + ctx.params.who; }
            """;

    @TempDir
    Path dir;

    @Test
    void everyMutatedConfigEndsInOkOrInPositionedMessages() throws Exception {
        List<String> seeds = List.of(SEED, Files.readString(TestPaths.repositoryFile("mount.yaml")));
        Files.createDirectories(dir.resolve("js"));
        Files.copy(TestPaths.repositoryFile("js/settings.js"), dir.resolve("js/settings.js"));
        Path config = dir.resolve("mount.yaml");
        Random random = new Random(Long.getLong("magicfs.fuzz.seed", 7));
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-check");
            t.setDaemon(true);
            return t;
        });
        int ok = 0;
        int refused = 0;
        long start = System.nanoTime();
        try {
            for (int run = 0; run < RUNS; run++) {
                String text = seeds.get(random.nextInt(seeds.size()));
                for (int m = 1 + random.nextInt(4); m > 0; m--) {
                    text = mutate(text, random);
                }
                Files.writeString(config, text);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                Future<Integer> check = runner.submit(() -> Main.commandLine().setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err)).execute("check", "-c", config.toString(), "--plugins",
                                TestPaths.builtInPlugins().toString()));
                int code;
                try {
                    code = check.get(20, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("check hung on run " + run + ":\n" + text);
                }
                String said = err.toString();
                if (code == 0) {
                    ok++;
                    assertTrue(out.toString().contains(": OK, "), "run " + run + ": exit 0 without OK:\n" + out);
                    continue;
                }
                refused++;
                List<String> lines = said.lines().toList();
                assertTrue(code == 1 && !lines.isEmpty(), "run " + run + ": exit " + code + " saying " + said + "\nfor:\n" + text);
                for (String line : lines) {
                    assertTrue(PROBLEM.matcher(line).matches() && !line.contains("Exception") && !line.contains("\tat "),
                            "run " + run + ": not a file:line:col message: " + line + "\nall it said:\n" + said + "\nfor:\n" + text);
                }
            }
        } finally {
            runner.shutdownNow();
        }
        System.out.printf("config fuzzing: %d mutated mount.yaml files, %d OK, %d refused with file:line:col, %.1f s%n",
                RUNS, ok, refused, (System.nanoTime() - start) / 1e9);
    }

    /** One random edit: a fragment inserted, characters or lines deleted, duplicated or swapped. */
    static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return FRAGMENTS[random.nextInt(FRAGMENTS.length)];
        }
        int at = random.nextInt(text.length());
        List<String> lines = new ArrayList<>(text.lines().toList());
        int line = random.nextInt(lines.size());
        switch (random.nextInt(7)) {
            case 0, 1 -> {
                return text.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + text.substring(at);
            }
            case 2 -> {
                return text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(8)));
            }
            case 3 -> lines.add(line, lines.get(random.nextInt(lines.size())));
            case 4 -> lines.remove(line);
            case 5 -> java.util.Collections.swap(lines, line, random.nextInt(lines.size()));
            default -> {
                String value = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
                int colon = lines.get(line).indexOf(':');
                lines.set(line, colon < 0 ? value : lines.get(line).substring(0, colon + 1) + " " + value);
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
