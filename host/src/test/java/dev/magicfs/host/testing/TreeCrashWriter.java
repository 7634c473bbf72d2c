package dev.magicfs.host.testing;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The writer of the tree crash test, run as its own process until the file system dies under it: it saves
 * files the way careful programs do (write a temporary name, fsync it, rename it into place, fsync the
 * folder), in a few subfolders it makes as it goes, and now and then removes an earlier file.
 *
 * <p>Journal lines, on a real disk: {@code saving PATH HASH} before a save begins, {@code saved PATH HASH}
 * once its folder fsync returned, and {@code removing PATH} before an unlink. Arguments: the tree's folder, the journal, a random seed, and a
 * prefix that keeps this round's names apart from earlier rounds'.
 */
public final class TreeCrashWriter {
    private TreeCrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[2]));
        String prefix = args[3];
        List<Path> saved = new ArrayList<>();
        try (PrintStream journal = new PrintStream(new FileOutputStream(args[1]), true)) {
            for (int i = 0; ; i++) {
                Path folder = tree.resolve("d" + random.nextInt(4));
                if (!Files.isDirectory(folder)) {
                    Files.createDirectory(folder);
                    sync(tree);
                }
                byte[] content = new byte[random.nextInt(70_000)];
                random.nextBytes(content);
                Path temporary = folder.resolve(prefix + "-" + i + ".tmp");
                Path target = folder.resolve(prefix + "-" + i);
                String hash = CrashWriter.sha256(content);
                journal.println("saving " + tree.relativize(target) + " " + hash);
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    out.write(ByteBuffer.wrap(content));
                    out.force(true);
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                sync(folder);
                journal.println("saved " + tree.relativize(target) + " " + hash);
                saved.add(target);
                if (random.nextInt(5) == 0) {
                    Path gone = saved.remove(random.nextInt(saved.size()));
                    journal.println("removing " + tree.relativize(gone));
                    Files.delete(gone);
                }
            }
        } catch (IOException e) {
            // The host was killed: the end this writer waits for.
        }
    }

    private static void sync(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
