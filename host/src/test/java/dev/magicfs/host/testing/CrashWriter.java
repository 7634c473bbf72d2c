package dev.magicfs.host.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * The writer of the crash test, run as its own process: it changes a file on the mount in random batches
 * (writes at random offsets, appends, truncations), fsyncs after each batch, and records each state it asks
 * to make durable in a journal on a real disk, until the file system dies under it.
 *
 * <p>Journal lines: {@code start HASH} (the content it found), {@code try N HASH} before the N-th fsync,
 * {@code done N} after it returned. Arguments: the file, the journal, a random seed.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[2]));
        try (PrintStream journal = new PrintStream(new FileOutputStream(args[1]), true);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            byte[] content = Files.readAllBytes(file);
            journal.println("start " + sha256(content));
            for (int batch = 0; ; batch++) {
                for (int ops = 1 + random.nextInt(4); ops > 0; ops--) {
                    content = change(channel, content, random);
                }
                journal.println("try " + batch + " " + sha256(content));
                channel.force(true);
                journal.println("done " + batch);
            }
        } catch (IOException e) {
            // The host was killed: the end this writer waits for.
        }
    }

    /** One random change, made on the file and on the model of its content. */
    private static byte[] change(FileChannel channel, byte[] content, Random random) throws IOException {
        int kind = random.nextInt(10);
        if (kind == 0 && content.length > 0) {
            int size = random.nextInt(content.length);
            channel.truncate(size);
            return Arrays.copyOf(content, size);
        }
        byte[] record = new byte[1 + random.nextInt(3000)];
        random.nextBytes(record);
        int offset = kind < 5 ? content.length : random.nextInt(content.length + 1);
        ByteBuffer from = ByteBuffer.wrap(record);
        while (from.hasRemaining()) {
            channel.write(from, offset + from.position());
        }
        byte[] next = Arrays.copyOf(content, Math.max(content.length, offset + record.length));
        System.arraycopy(record, 0, next, offset, record.length);
        return next;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
