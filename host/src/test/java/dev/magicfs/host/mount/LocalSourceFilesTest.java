package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Static files made from local files keep the source's permissions and are served from it, whatever its size. */
class LocalSourceFilesTest {
    static final long HUGE = 3L << 30;
    static final Path sources = createSources();

    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            allow_other: true
            files:
              secret.txt: {kind: static, file: %1$s/secret.txt}
              shared.txt: {kind: static, file: %1$s/secret.txt, mode: "0444"}
              huge.bin: {kind: static, file: %1$s/huge.bin}
            """.formatted(sources));

    static Path createSources() {
        try {
            Path dir = Files.createTempDirectory("magicfs-sources-");
            Path secret = Files.writeString(dir.resolve("secret.txt"), "root only\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
            try (RandomAccessFile huge = new RandomAccessFile(dir.resolve("huge.bin").toFile(), "rw")) {
                huge.seek(HUGE - 4);
                huge.write("end\n".getBytes(StandardCharsets.US_ASCII));
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSourceNotForEveryoneStaysSo() throws Exception {
        Files.setPosixFilePermissions(fs.directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("440", Shell.run("stat", "-c", "%a", fs.file("secret.txt").toString()).stdout().strip());
        Shell.Result other = Shell.run("runuser", "-u", "nobody", "--", "cat", fs.file("secret.txt").toString());
        assertTrue(other.stderr().contains("Permission denied"), other.stderr());
        assertEquals("root only\n", Shell.run("runuser", "-u", "nobody", "--", "cat", fs.file("shared.txt").toString())
                .assertSucceeded().stdout(), "an explicit mode wins");
    }

    @Test
    void aFileLargerThanTheHeapIsServedFromItsSource() {
        assertEquals("" + HUGE, Shell.run("stat", "-c", "%s", fs.file("huge.bin").toString()).stdout().strip());
        assertEquals("end\n", Shell.run("tail", "-c", "4", fs.file("huge.bin").toString()).assertSucceeded().stdout());
    }
}
