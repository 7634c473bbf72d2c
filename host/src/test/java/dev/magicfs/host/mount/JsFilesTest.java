package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kind: js} through a real mount: ctx, return types, the store, write hooks, and scripts that misbehave. */
class JsFilesTest {
    static final String INVALID = """
            function invalid(message) { const e = new Error(message); e.errno = 'EINVAL'; return e; }
            """;

    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            allow_other: true
            files:
              whoami.txt:
                kind: js
                source: |
                  function read(ctx) {
                    return `${ctx.path} uid=${ctx.uid} gid=${ctx.gid} pid=${ctx.pid}\\n`;
                  }
              nested/deeper.txt:
                kind: js
                source: "function read(ctx) { return ctx.path + '\\\\n'; }"
              types/text.txt: {kind: js, source: "function read() { return 'héllo ✓\\\\n'; }"}
              types/bytes.bin: {kind: js, source: "function read() { return new Uint8Array([0, 1, 2, 254, 255]); }"}
              types/buffer.bin: {kind: js, source: "function read() { return new Uint16Array([0x0201, 0x0403]).buffer; }"}
              types/view.bin: {kind: js, source: "function read() { return new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 4); }"}
              types/null.txt: {kind: js, source: "function read() { return null; }"}
              types/undefined.txt: {kind: js, source: "function read() {}"}
              types/large.txt: {kind: js, source: "function read() { return 'abcdefgh'.repeat(50000); }"}
              types/number.txt: {kind: js, source: "function read() { return 42; }"}
              params.json:
                kind: js
                source: "function read(ctx) { return JSON.stringify(ctx.params); }"
                params: { max: 10, ratio: 0.5, on: true, name: limits, list: [1, two], nested: { deep: null } }
              counter.txt:
                kind: js
                source: |
                  function read(ctx) {
                    const n = (ctx.store.get('n') ?? 0) + 1;
                    ctx.store.set('n', n);
                    ctx.store.set('shape', { n, list: [n, 'x', true, null], nested: { ok: true } });
                    return `${n} ${JSON.stringify(ctx.store.get('shape'))} ${JSON.stringify(ctx.store.keys())}\\n`;
                  }
              config.json:
                kind: js
                source: |
                  function read(ctx) { return JSON.stringify(ctx.store.get('config') ?? {}) + '\\n'; }
                  function write(ctx, data) {
                    const text = new TextDecoder().decode(data);
                    try {
                      ctx.store.set('config', JSON.parse(text));
                    } catch (e) {
                      throw invalid('not JSON: ' + e.message);
                    }
                  }
                  %s
              shout.txt:
                kind: js
                source: |
                  function read(ctx) { return ctx.store.get('text') ?? ''; }
                  function write(ctx, data) { ctx.store.set('text', new TextDecoder().decode(data).toUpperCase()); }
              mirror.bin:
                kind: js
                source: |
                  function read(ctx) { return new Uint8Array(ctx.store.get('bytes') ?? []); }
                  function write(ctx, data) { ctx.store.set('bytes', Array.from(data)); }
              loop.txt:
                kind: js
                timeout: 500ms
                source: "function read() { while (true) {} }"
              once-loops.txt:
                kind: js
                timeout: 500ms
                source: |
                  function read(ctx) {
                    if (!ctx.store.get('looped')) { ctx.store.set('looped', true); while (true) {} }
                    return 'recovered\\n';
                  }
              counting.txt:
                kind: js
                max_statements: 1000
                source: "function read() { let s = 0; for (let i = 0; i < 1e6; i++) { s += i; } return String(s); }"
              throws.txt:
                kind: js
                source: |
                  function read(ctx) {
                    const first = !ctx.store.get('thrown');
                    ctx.store.set('thrown', true);
                    return first ? ctx.missing.field : 'fine now\\n';
                  }
              sandbox.txt:
                kind: js
                source: |
                  function attempt(name, f) {
                    try { f(); return name + ': allowed'; } catch (e) { return name + ': ' + e.name; }
                  }
                  function read(ctx) {
                    return [
                      attempt('Java.type', () => Java.type('java.lang.System')),
                      attempt('load', () => load('/etc/passwd')),
                      attempt('require', () => require('fs')),
                      attempt('Polyglot', () => Polyglot.eval('js', '1')),
                      attempt('process', () => process.env),
                      attempt('print', () => print('x')),
                    ].join('\\n') + '\\n';
                  }
              chatty.txt:
                kind: js
                source: |
                  function read(ctx) {
                    for (let i = 0; i < 200; i++) { console.log('line ' + i); }
                    console.error('something odd');
                    return 'done\\n';
                  }
              hello.txt: {kind: static, text: "hi\\n"}
            """.formatted(INVALID.strip()));

    @BeforeAll
    static void letOtherUsersReachTheMountPoint() throws IOException {
        Files.setPosixFilePermissions(fs.directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String cat(String path) {
        return Shell.run("cat", fs.file(path).toString()).assertSucceeded().stdout();
    }

    @Test
    void ctxCarriesPathAndTheCallersIds() {
        String mine = Shell.sh("echo $$; exec cat " + fs.file("whoami.txt")).assertSucceeded().stdout();
        String pid = mine.lines().findFirst().orElseThrow();
        assertEquals("whoami.txt uid=0 gid=0 pid=" + pid, mine.lines().skip(1).findFirst().orElseThrow());

        String nobody = Shell.run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "cat", fs.file("whoami.txt").toString()).assertSucceeded().stdout();
        assertTrue(nobody.startsWith("whoami.txt uid=65534 gid=65534 pid="), nobody);
        assertEquals("nested/deeper.txt\n", cat("nested/deeper.txt"));
    }

    @Test
    void eachReturnTypeGivesExactBytes() throws Exception {
        assertArrayEquals("héllo ✓\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(fs.file("types/text.txt")));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 254, (byte) 255}, Files.readAllBytes(fs.file("types/bytes.bin")));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(fs.file("types/buffer.bin")), "an ArrayBuffer's bytes, little-endian");
        assertArrayEquals(new byte[] {8, 7, 6}, Files.readAllBytes(fs.file("types/view.bin")), "only the bytes the view covers");
        assertEquals(0, Files.readAllBytes(fs.file("types/null.txt")).length);
        assertEquals(0, Files.readAllBytes(fs.file("types/undefined.txt")).length);
        assertEquals("abcdefgh".repeat(50000), cat("types/large.txt"), "content larger than one read, from one generation");

        Shell.Result number = Shell.run("cat", fs.file("types/number.txt").toString());
        assertEquals(1, number.exitCode());
        assertTrue(number.stderr().contains("Input/output error"), number.stderr());
        fs.awaitLog("read() returned 42; expected a string, a Uint8Array, an ArrayBuffer, null or undefined");
    }

    @Test
    void paramsArriveTypedAsInMountYaml() {
        assertEquals("{\"max\":10,\"ratio\":0.5,\"on\":true,\"name\":\"limits\",\"list\":[1,\"two\"],\"nested\":{\"deep\":null}}",
                cat("params.json"));
    }

    @Test
    void theStoreKeepsJsonLikeValuesAcrossOpens() {
        String shape = "{\"n\":%1$d,\"list\":[%1$d,\"x\",true,null],\"nested\":{\"ok\":true}} [\"n\",\"shape\"]\n";
        List<String> seen = List.of(cat("counter.txt"), cat("counter.txt"), cat("counter.txt"));
        for (int i = 0; i < 3; i++) {
            String line = seen.get(i);
            assertEquals((i + 1) + " " + shape.formatted(i + 1), line.replace("[\"shape\",\"n\"]", "[\"n\",\"shape\"]"));
        }
    }

    @Test
    void aValidatingHookRefusesBadJsonWithInvalidArgument() throws Exception {
        Shell.sh("echo '{\"volume\": 7}' > " + fs.file("config.json")).assertSucceeded();
        assertEquals("{\"volume\":7}\n", cat("config.json"));

        Shell.Result refused = Shell.sh("/bin/echo bad > " + fs.file("config.json"));
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("write error: Invalid argument"), refused.stderr());
        Shell.Result viaTee = Shell.sh("echo '{oops' | tee " + fs.file("config.json") + " > /dev/null");
        assertTrue(viaTee.stderr().contains("Invalid argument"), viaTee.stderr());
        assertEquals("{\"volume\":7}\n", cat("config.json"), "refused content changes nothing");
        assertTrue(fs.log().contains("FLUSH config.json (ino="), fs.log());
        assertTrue(fs.log().contains("-> EINVAL (write() refused: Error: not JSON: Unexpected token b in JSON at position 0 ("),
                fs.log());

        // close(2) and fsync(2) report the refusal to any program that checks them.
        try (FileChannel channel = FileChannel.open(fs.file("config.json"), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap("[1,".getBytes(StandardCharsets.UTF_8)));
            IOException fsync = assertThrows(IOException.class, () -> channel.force(true));
            assertTrue(fsync.getMessage().contains("Invalid argument"), fsync.getMessage());
        }
        FileChannel closing = FileChannel.open(fs.file("config.json"), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        closing.write(ByteBuffer.wrap("nope".getBytes(StandardCharsets.UTF_8)));
        IOException close = assertThrows(IOException.class, closing::close);
        assertTrue(close.getMessage().contains("Invalid argument"), close.getMessage());
        assertEquals("{\"volume\":7}\n", cat("config.json"));
    }

    @Test
    void aTransformingHookAndAMirrorShowWhatWasWritten() throws Exception {
        Shell.sh("echo 'make some noise' > " + fs.file("shout.txt")).assertSucceeded();
        assertEquals("MAKE SOME NOISE\n", cat("shout.txt"));
        Shell.sh("echo 'and more' >> " + fs.file("shout.txt")).assertSucceeded();
        assertEquals("MAKE SOME NOISE\nAND MORE\n", cat("shout.txt"), ">> starts from what read() returned");

        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Files.write(fs.file("mirror.bin"), all);
        assertArrayEquals(all, Files.readAllBytes(fs.file("mirror.bin")));
        Shell.run("truncate", "-s", "3", fs.file("mirror.bin").toString()).assertSucceeded();
        assertArrayEquals(new byte[] {0, 1, 2}, Files.readAllBytes(fs.file("mirror.bin")));
        assertEquals("644", Shell.run("stat", "-c", "%a", fs.file("mirror.bin").toString()).stdout().strip());
        assertEquals("444", Shell.run("stat", "-c", "%a", fs.file("counter.txt").toString()).stdout().strip());
        Shell.Result readOnly = Shell.sh("echo x > " + fs.file("counter.txt"));
        assertTrue(readOnly.stderr().contains("Permission denied"), readOnly.stderr());
    }

    @Test
    void aRunawayScriptIsStoppedWithinItsTimeoutWhileOtherFilesAnswer() throws Exception {
        CompletableFuture<Shell.Result> runaway = Shell.runAsync("cat", fs.file("loop.txt").toString());
        Thread.sleep(100);
        Shell.Result other = Shell.run("cat", fs.file("whoami.txt").toString()).assertSucceeded();
        assertTrue(other.millis() < 400, "another js file took " + other.millis() + " ms during the loop");
        assertEquals("hi\n", cat("hello.txt"));
        Shell.Result stopped = runaway.get();
        assertEquals(1, stopped.exitCode());
        assertTrue(stopped.stderr().contains("Connection timed out"), stopped.stderr());
        assertTrue(stopped.millis() < 2000, "stopped after " + stopped.millis() + " ms");
        fs.awaitLog("read() ran past its timeout of 500ms and was stopped");

        // The stopped context is replaced: the file itself works again once its script does.
        assertEquals(1, Shell.run("cat", fs.file("once-loops.txt").toString()).exitCode());
        assertEquals("recovered\n", cat("once-loops.txt"));

        Shell.Result counted = Shell.run("cat", fs.file("counting.txt").toString());
        assertTrue(counted.stderr().contains("Input/output error"), counted.stderr());
        fs.awaitLog("read() ran past its limit of 1000 statements and was stopped");
    }

    @Test
    void anExceptionFailsThatOpenWithEioAndTheNextOpenTriesAgain() {
        Shell.Result failed = Shell.run("cat", fs.file("throws.txt").toString());
        assertEquals(1, failed.exitCode());
        assertTrue(failed.stderr().contains("Input/output error"), failed.stderr());
        String log = fs.awaitLog("read() threw TypeError: Cannot read property 'field' of undefined");
        assertTrue(log.contains("ERROR OPEN throws.txt (ino="), log);
        int line = lineOf("return first ? ctx.missing.field");
        assertTrue(log.contains("read() threw TypeError: Cannot read property 'field' of undefined (" + fs.directory().resolve("mount.yaml") + ":" + line + ":24)"),
                "the log names the script's line in mount.yaml, " + line + ":\n" + log);
        assertEquals("fine now\n", cat("throws.txt"));
    }

    @Test
    void scriptsReachNothingOfTheHost() {
        assertEquals("""
                Java.type: ReferenceError
                load: ReferenceError
                require: ReferenceError
                Polyglot: ReferenceError
                process: ReferenceError
                print: ReferenceError
                """, cat("sandbox.txt"));
    }

    @Test
    void consoleOutputIsLoggedWithTheFileNameAndRateLimited() {
        assertEquals("done\n", cat("chatty.txt"));
        String log = fs.awaitLog("chatty.txt: console: line 0");
        long lines = log.lines().filter(l -> l.contains("chatty.txt: console: line ")).count();
        assertTrue(lines >= 10 && lines <= 30, lines + " of 200 lines logged");
        sleep(300); // a few lines' worth of rate
        assertEquals("done\n", cat("chatty.txt"));
        fs.awaitLog("lines dropped before this one)");
    }

    @Test
    void eightThreadsReadingTheSameAndDifferentFilesAllGetTheirContent() throws Exception {
        List<String> files = List.of("params.json", "nested/deeper.txt", "types/text.txt", "types/large.txt");
        List<String> expected = new ArrayList<>();
        for (String f : files) {
            expected.add(cat(f));
        }
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int index = t % 2 == 0 ? 0 : 1 + (t / 2) % 3; // half on one shared file, the rest on three others
            Path file = fs.file(files.get(index));
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    try {
                        String got = Files.readString(file);
                        if (!got.equals(expected.get(index))) {
                            wrong.add(file + ": " + got.length() + " bytes");
                        }
                    } catch (IOException e) {
                        wrong.add(file + ": " + e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), List.copyOf(wrong));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The mount.yaml line holding {@code fragment}. */
    private static int lineOf(String fragment) {
        try {
            List<String> lines = Files.readAllLines(fs.directory().resolve("mount.yaml"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(fragment)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no line holds " + fragment);
    }
}
