package dev.magicfs.plugins.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import dev.magicfs.api.Node;
import dev.magicfs.api.Replaceable;
import dev.magicfs.api.SpecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The js kind without a mount: hooks, errors and limits, called as the host calls them. */
class JsKindTest {
    static final Caller ROOT = new Caller(0, 0, 1);

    @AfterAll
    static void closeEngine() {
        JsEngine.shutdown();
    }

    static String read(Generated file) throws FsException {
        return new String(file.generate(ROOT), StandardCharsets.UTF_8);
    }

    @Test
    void aScriptWithoutWriteIsReadOnlyAndOneWithWriteIsReplaceable() throws Exception {
        var readOnly = new JsKind().create(TestSpec.source("function read() { return 'r'; }"), new TestSpec().log());
        assertTrue(!(readOnly instanceof Replaceable));
        var writable = new JsKind().create(TestSpec.source("function read() {} function write(ctx, d) {}"), new TestSpec().log());
        assertInstanceOf(Replaceable.class, writable);
    }

    @Test
    void paramsAreTypedAndFrozenAndTheStoreOutlivesCalls() throws Exception {
        TestSpec spec = TestSpec.source("""
                function read(ctx) {
                  ctx.params.max = 99; // params are frozen: one call cannot change what the next sees
                  ctx.store.set('calls', (ctx.store.get('calls') ?? 0) + 1);
                  return JSON.stringify([ctx.params, ctx.store.get('calls')]);
                }
                """).with(JsKind.PARAMS, Map.of("max", 10L));
        Generated file = (Generated) new JsKind().create(spec, spec.log());
        assertEquals("[{\"max\":10},1]", read(file));
        assertEquals("[{\"max\":10},2]", read(file));
    }

    @Test
    void anErrnoPropertyChoosesTheErrorAndAnythingElseIsEio() throws Exception {
        TestSpec spec = TestSpec.source("""
                function read() { return ''; }
                function write(ctx, data) {
                  const text = new TextDecoder().decode(data);
                  if (text === 'ok') return;
                  const e = new Error('refused ' + text);
                  if (text !== 'plain') e.errno = text;
                  throw e;
                }
                """);
        Replaceable file = (Replaceable) new JsKind().create(spec, spec.log());
        file.replace("ok".getBytes(), ROOT);
        assertEquals(Errno.EACCES, assertThrows(FsException.class, () -> file.replace("EACCES".getBytes(), ROOT)).errno());
        FsException plain = assertThrows(FsException.class, () -> file.replace("plain".getBytes(), ROOT));
        assertEquals(Errno.EIO, plain.errno());
        assertEquals("write() threw Error: refused plain (source:5:13)", plain.getMessage());
        assertEquals(Errno.EIO, assertThrows(FsException.class, () -> file.replace("EWHATEVER".getBytes(), ROOT)).errno());
    }

    @Test
    void aRunawayCallIsStoppedAndTheNextCallGetsAFreshContext() throws Exception {
        TestSpec spec = TestSpec.source("""
                let calls = 0;
                function read(ctx) { calls++; if (ctx.uid === 7) { while (true) {} } return 'calls in this context: ' + calls; }
                """).with(JsKind.TIMEOUT, "200ms");
        Generated file = (Generated) new JsKind().create(spec, spec.log());
        assertEquals("calls in this context: 1", read(file));
        long start = System.nanoTime();
        FsException stopped = assertThrows(FsException.class, () -> file.generate(new Caller(7, 7, 7)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Errno.ETIMEDOUT, stopped.errno());
        assertTrue(millis >= 200 && millis < 1500, "stopped after " + millis + " ms");
        assertEquals("calls in this context: 1", read(file), "the stopped context was replaced by a fresh one");
    }

    @Test
    void mistakesAreSpecExceptionsAtTheScriptsPlace() {
        SpecException syntax = assertThrows(SpecException.class,
                () -> new JsKind().create(TestSpec.source("function read() {\n  return (;\n}"), new TestSpec().log()));
        assertEquals("SyntaxError: Expected an operand but found ;", syntax.getMessage());
        assertEquals(List.of(2, 11), List.of(syntax.position().line(), syntax.position().column()));
        assertEquals("the script defines no function read(ctx)", assertThrows(SpecException.class,
                () -> new JsKind().create(TestSpec.source("const x = 1;"), new TestSpec().log())).getMessage());
        assertEquals("the timeout must be longer than 0, such as 500ms or 2s", assertThrows(SpecException.class,
                () -> new JsKind().create(TestSpec.source("function read() {}").with(JsKind.TIMEOUT, "0"), new TestSpec().log())).getMessage());
    }

    @Test
    void aScriptThatLoadedCleanlyBeforeWaitsForItsFirstCall(@TempDir Path cache) throws Exception {
        String code = "function read(ctx) { return 'hello ' + ctx.uid; }\nfunction write(ctx, data) {}";
        JsEngine.shutdown();
        new JsKind().create(TestSpec.source(code).checkedWith(cache), new TestSpec().log());
        assertTrue(JsEngine.started(), "the first check of a script runs it in the engine");
        JsEngine.shutdown();

        Node checked = new JsKind().create(TestSpec.source(code).checkedWith(cache), new TestSpec().log());
        assertFalse(JsEngine.started(), "a check of the same script again needs no engine");
        assertInstanceOf(Replaceable.class, checked, "the record keeps that the script has write()");
        Node mounted = new JsKind().create(TestSpec.source(code).mountedWith(cache), new TestSpec().log());
        assertFalse(JsEngine.started(), "nor does a mount before it serves");
        assertEquals("hello 0", read((Generated) mounted));

        SpecException edited = assertThrows(SpecException.class, () -> new JsKind().create(
                TestSpec.source(code.replace("return", "return (;")).checkedWith(cache), new TestSpec().log()));
        assertEquals(List.of(1, 30), List.of(edited.position().line(), edited.position().column()),
                "an edited script is loaded again, and its mistake reported where it is");
        try (var records = Files.list(cache.resolve("js"))) {
            assertEquals(1, records.count(), "only the clean load is recorded");
        }
    }

    /** The engine starts after the mount serves only for a script that waits for it: not for a mount without one. */
    @Test
    void servingWarmsTheEngineUpForTheScriptsThatWaitAndOnlyThen(@TempDir Path cache) throws Exception {
        String code = "function read(ctx) { return 'warm'; }";
        new JsKind().create(TestSpec.source(code).checkedWith(cache), new TestSpec().log()); // recorded
        Warmup.stop();
        JsEngine.shutdown();
        new JsKind().serving();
        Thread.sleep(1500);
        assertFalse(JsEngine.started(), "a mount with no script to load starts no engine");
        Generated file = (Generated) new JsKind().create(TestSpec.source(code).mountedWith(cache), new TestSpec().log());
        for (long end = System.nanoTime() + 10_000_000_000L; !JsEngine.started() && System.nanoTime() < end; ) {
            Thread.sleep(20);
        }
        assertTrue(JsEngine.started(), "a script created once the mount serves is loaded in the background");
        assertEquals("warm", read(file));
        Warmup.stop();
    }

    @Test
    void paramsBecomeJson() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("s", "a\"b\n");
        params.put("n", Arrays.asList(1L, 2.5, true, null));
        assertEquals("{\"s\":\"a\\\"b\\n\",\"n\":[1,2.5,true,null]}", Json.of(params));
    }
}
