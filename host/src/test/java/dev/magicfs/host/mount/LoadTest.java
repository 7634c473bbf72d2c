package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostJmx;
import dev.magicfs.host.testing.MountExtension;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 16 clients at once run a mix of stat, readdir, reads of every kind, writes, appends and truncates against a
 * real mount. Each client checks every answer against a model: the fixed files' known bytes, and its own
 * writable file's content as it wrote it. Afterwards the host must hold no open file, no more descriptors, and
 * no more heap than after the warm-up. {@code -Dmagicfs.load.seconds} sets the length (10 s by default; the
 * Maven profile {@code load} runs 60 s). The figures go to stdout and target/load-report.txt.
 */
class LoadTest {
    static final int CLIENTS = 16;
    static final int SECONDS = Integer.getInteger("magicfs.load.seconds", 10);
    static final String HELLO = "Hello from a static file.\n".repeat(160); // 4 KiB
    static final int LISTED = 50;

    @RegisterExtension
    static final MountExtension fs = MountExtension.of(mountYaml()).log("quiet");

    enum Op { STAT, READDIR, READ_STATIC, READ_CLOCK, READ_JS, READ_REMOTE, WRITE, APPEND, TRUNCATE, READ_OWN }

    /** How often each operation runs, out of 100. */
    static final Map<Op, Integer> MIX = new EnumMap<>(Map.of(Op.STAT, 25, Op.READDIR, 10, Op.READ_STATIC, 15,
            Op.READ_CLOCK, 5, Op.READ_JS, 5, Op.READ_REMOTE, 5, Op.WRITE, 10, Op.APPEND, 10, Op.TRUNCATE, 5, Op.READ_OWN, 10));

    static String mountYaml() {
        StringBuilder yaml = new StringBuilder("files:\n");
        yaml.append("  hello.txt: {kind: static, text: \"").append(HELLO.replace("\n", "\\n")).append("\"}\n");
        for (int i = 0; i < LISTED; i++) {
            yaml.append("  listed/f").append(i).append(".txt: {kind: static, text: \"").append(i).append("\"}\n");
        }
        yaml.append("  clock.txt: {kind: clock, template: \"{time}\\n\", pattern: \"HH:mm:ss.SSS\", direct_io: true}\n");
        yaml.append("  greeting.txt: {kind: js, params: {n: 7}, source: \"function read(ctx) { return 'hello ' + ctx.params.n + '\\\\n'; }\"}\n");
        yaml.append("  remote.txt: {kind: lazy-remote, url: \"data:,fetched%20once%0A\"}\n");
        for (int c = 0; c < CLIENTS; c++) {
            yaml.append("  own/c").append(c).append(".bin: {kind: writable-memory, max_size: 1MiB}\n");
        }
        return yaml.toString();
    }

    @Test
    void sixteenClientsGetOnlyRightAnswersAndTheHostKeepsNothing() throws Exception {
        long pid = fs.host().process().pid();
        try (HostJmx jmx = HostJmx.attach(fs.host(), "magicfs")) {

            long warmUpMillis = Math.min(5_000, SECONDS * 250L);
            Clients warmUp = Clients.run(warmUpMillis);
            warmUp.assertClean();
            long heapBefore = jmx.heapAfterGc();
            long descriptorsBefore = descriptors(pid);

            Clients measured = Clients.run(SECONDS * 1000L);
            long heapAfter = jmx.heapAfterGc();
            long descriptorsAfter = descriptors(pid);
            int openAfter = jmx.mount().getOpenFiles();

            String report = measured.report() + String.format(
                    "heap after GC: %.1f MiB after warm-up, %.1f MiB at the end%n"
                            + "host descriptors: %d after warm-up, %d at the end; files open in the mount at the end: %d%n",
                    heapBefore / 1048576.0, heapAfter / 1048576.0, descriptorsBefore, descriptorsAfter, openAfter);
            System.out.print(report);
            Files.writeString(Path.of("target", "load-report.txt"), report);

            measured.assertClean();
            assertEquals(0, openAfter, "open files leaked in the host");
            assertTrue(descriptorsAfter <= descriptorsBefore + 4, "descriptors " + descriptorsBefore + " -> " + descriptorsAfter);
            assertTrue(heapAfter <= heapBefore + (16L << 20), "heap grew from " + heapBefore + " to " + heapAfter + " bytes");
            assertTrue(fs.host().process().isAlive());
        }
    }

    private static long descriptors(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /** The 16 clients of one phase, and what they saw. */
    private static final class Clients {
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicLong errorCount = new AtomicLong();
        final List<long[][]> latencies = new ArrayList<>(); // per client: per op, nanoseconds (first cell: count)
        long millis;

        static Clients run(long millis) throws InterruptedException {
            Clients phase = new Clients();
            phase.millis = millis;
            long deadline = System.nanoTime() + millis * 1_000_000;
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long[][] mine = new long[Op.values().length][];
                for (int o = 0; o < mine.length; o++) {
                    mine[o] = new long[1024];
                }
                phase.latencies.add(mine);
                Client client = new Client(c, phase, mine);
                threads.add(Thread.ofPlatform().name("load-client-" + c).start(() -> client.runUntil(deadline)));
            }
            for (Thread t : threads) {
                t.join();
            }
            return phase;
        }

        void failed(Op op, String what) {
            if (errorCount.incrementAndGet() <= 20) {
                errors.add(op + ": " + what);
            }
        }

        void assertClean() {
            assertEquals(0, errorCount.get(), "unexpected errors or mismatches:\n" + String.join("\n", errors));
        }

        String report() {
            StringBuilder out = new StringBuilder();
            long total = 0;
            out.append(String.format("load: %d clients, %d s%n%-12s %10s %10s %10s%n", CLIENTS, millis / 1000, "op", "ops", "p50 µs", "p99 µs"));
            for (Op op : Op.values()) {
                long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l[op.ordinal()], 1, (int) l[op.ordinal()][0] + 1)).sorted().toArray();
                total += all.length;
                out.append(String.format("%-12s %10d %10.1f %10.1f%n", op, all.length,
                        all.length == 0 ? 0 : all[all.length / 2] / 1000.0, all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1000.0));
            }
            out.append(String.format("total: %d operations, %.0f ops/s, %d errors or mismatches%n", total, total * 1000.0 / millis, errorCount.get()));
            return out.toString();
        }
    }

    /** One client: its own file and the model of that file's content. */
    private static final class Client {
        final Path own;
        final Clients phase;
        final long[][] latencies;
        final Random random;
        final Op[] wheel;
        final Set<String> listed = IntStream.range(0, LISTED).mapToObj(i -> "f" + i + ".txt").collect(Collectors.toCollection(TreeSet::new));
        byte[] model;

        Client(int number, Clients phase, long[][] latencies) {
            this.own = fs.file("own/c" + number + ".bin");
            this.phase = phase;
            this.latencies = latencies;
            this.random = new Random(number * 7919L + phase.hashCode());
            this.wheel = MIX.entrySet().stream().flatMap(e -> Stream.generate(e::getKey).limit(e.getValue())).toArray(Op[]::new);
        }

        void runUntil(long deadline) {
            try {
                model = Files.readAllBytes(own);
            } catch (IOException e) {
                phase.failed(Op.READ_OWN, e.toString());
                return;
            }
            while (System.nanoTime() < deadline) {
                Op op = wheel[random.nextInt(wheel.length)];
                long start = System.nanoTime();
                try {
                    String mismatch = run(op);
                    if (mismatch != null) {
                        phase.failed(op, mismatch);
                    }
                } catch (IOException | RuntimeException e) {
                    phase.failed(op, e.toString());
                }
                record(op, System.nanoTime() - start);
            }
        }

        private void record(Op op, long nanos) {
            long[] cells = latencies[op.ordinal()];
            int n = (int) cells[0] + 1;
            if (n == cells.length) {
                cells = latencies[op.ordinal()] = Arrays.copyOf(cells, cells.length * 2);
            }
            cells[n] = nanos;
            cells[0] = n;
        }

        /** Runs one operation; returns what did not match, or null. */
        private String run(Op op) throws IOException {
            switch (op) {
                case STAT -> {
                    boolean mine = random.nextBoolean();
                    long size = Files.readAttributes(mine ? own : fs.file("hello.txt"), BasicFileAttributes.class).size();
                    long expected = mine ? model.length : HELLO.length();
                    return size == expected ? null : "size " + size + ", expected " + expected;
                }
                case READDIR -> {
                    Set<String> names = new TreeSet<>();
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fs.file("listed"))) {
                        entries.forEach(p -> names.add(p.getFileName().toString()));
                    }
                    return names.equals(listed) ? null : "listed " + names.size() + " names";
                }
                case READ_STATIC -> {
                    return expect(HELLO, Files.readString(fs.file("hello.txt")));
                }
                case READ_CLOCK -> {
                    String time = Files.readString(fs.file("clock.txt"));
                    return time.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\n") ? null : "clock said " + time;
                }
                case READ_JS -> {
                    return expect("hello 7\n", Files.readString(fs.file("greeting.txt")));
                }
                case READ_REMOTE -> {
                    return expect("fetched once\n", Files.readString(fs.file("remote.txt")));
                }
                case WRITE -> {
                    byte[] data = randomBytes();
                    int at = random.nextInt(model.length + 1);
                    try (FileChannel channel = FileChannel.open(own, StandardOpenOption.WRITE)) {
                        ByteBuffer from = ByteBuffer.wrap(data);
                        while (from.hasRemaining()) {
                            channel.write(from, at + from.position());
                        }
                    }
                    byte[] next = Arrays.copyOf(model, Math.max(model.length, at + data.length));
                    System.arraycopy(data, 0, next, at, data.length);
                    model = next;
                }
                case APPEND -> {
                    byte[] data = randomBytes();
                    Files.write(own, data, StandardOpenOption.APPEND);
                    byte[] next = Arrays.copyOf(model, model.length + data.length);
                    System.arraycopy(data, 0, next, model.length, data.length);
                    model = next;
                }
                case TRUNCATE -> {
                    // Shrinks now and then grows with zeros, and keeps the file under 256 KiB.
                    int size = model.length > 256 * 1024 ? random.nextInt(4096) : random.nextInt(model.length + 8192);
                    try (RandomAccessFile file = new RandomAccessFile(own.toFile(), "rw")) {
                        file.setLength(size);
                    }
                    model = Arrays.copyOf(model, size);
                }
                case READ_OWN -> {
                    byte[] content = Files.readAllBytes(own);
                    return Arrays.equals(content, model) ? null : "own file has " + content.length + " bytes, the model " + model.length;
                }
            }
            return null;
        }

        private byte[] randomBytes() {
            byte[] data = new byte[1 + random.nextInt(4096)];
            random.nextBytes(data);
            return data;
        }

        private static String expect(String expected, String actual) {
            return expected.equals(actual) ? null : "read " + actual.length() + " chars, expected " + expected.length();
        }
    }
}
