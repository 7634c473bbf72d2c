package dev.magicfs.plugins.js;

import dev.magicfs.api.Caller;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The warm cost of one js file's content for one open, as the host pays it: take a pooled context, arm the
 * timeout, call {@code read(ctx)}, turn the result into bytes, give the context back. Run it with
 * bench/js-call-overhead.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadCallBenchmark {
    static final Caller CALLER = new Caller(1000, 1000, 4242);

    Generated trivial;
    Generated usingCtx;
    Generated usingStore;

    @Setup
    public void load() throws Exception {
        trivial = file("function read() { return 'x'; }");
        usingCtx = file("function read(ctx) { return `Hello uid ${ctx.uid}, limit ${ctx.params.max}\\n`; }");
        usingStore = file("function read(ctx) { const n = (ctx.store.get('n') ?? 0) + 1; ctx.store.set('n', n); return `${n}\\n`; }");
    }

    private static Generated file(String source) throws Exception {
        TestSpec spec = TestSpec.source(source).with(JsKind.PARAMS, Map.of("max", 10L));
        return (Generated) new JsKind().create(spec, spec.log());
    }

    @TearDown
    public void close() {
        JsEngine.shutdown();
    }

    /** A read that returns a constant: the overhead of the call itself. */
    @Benchmark
    public byte[] trivialRead() throws FsException {
        return trivial.generate(CALLER);
    }

    /** A read that formats ctx fields and params. */
    @Benchmark
    public byte[] readUsingCtx() throws FsException {
        return usingCtx.generate(CALLER);
    }

    /** A read that counts in the store: two store calls, each a JSON round trip. */
    @Benchmark
    public byte[] readUsingStore() throws FsException {
        return usingStore.generate(CALLER);
    }
}
