package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default mount.yaml behaves as the original magicfs did (shared/reference), minus its defects. */
class DefaultMountTest {
    static final String HELLO = "Hello! I am not a real file. A tiny Java program made me up.\n";
    static final String WEATHER = "Tomorrow: sunny, a high of 22, light wind, and no rain.\n";

    @RegisterExtension
    static final MountExtension fs = MountExtension.of(TestPaths.repositoryFile("mount.yaml")).withRepositoryFile("js/settings.js");

    @Test
    void listsTheFilesInOrderAfterDotAndDotDot() {
        assertEquals(".\n..\nhello.txt\ntime.txt\nweather.txt\nnotes.txt\ngreeting.txt\nsettings.json\nbox\n",
                Shell.run("ls", "-f", fs.root().toString()).assertSucceeded().stdout());
    }

    @Test
    void inodesModesAndSizesAreTheOriginals() {
        Shell.run("cat", fs.file("time.txt").toString()).assertSucceeded(); // time.txt's size is its last generation
        String stat = Shell.run("stat", "-c", "%n %i %a %F %s", fs.root().toString(), fs.file("hello.txt").toString(),
                fs.file("time.txt").toString(), fs.file("weather.txt").toString())
                .assertSucceeded().stdout().replace(fs.root().toString(), "ROOT")
                + Shell.run("stat", "-c", "%n %i %a %F", fs.file("notes.txt").toString()).stdout().replace(fs.root().toString(), "ROOT");
        assertEquals("""
                ROOT 1 755 directory 4096
                ROOT/hello.txt 2 444 regular file 61
                ROOT/time.txt 3 444 regular file 31
                ROOT/weather.txt 4 444 regular file 56
                ROOT/notes.txt 5 644 regular file
                """, stat);
    }

    @Test
    void helloHasExactBytes() {
        Shell.Result cat = Shell.run("cat", fs.file("hello.txt").toString()).assertSucceeded();
        assertEquals(HELLO, cat.stdout());
        assertEquals(61, cat.stdoutBytes().length);
    }

    @Test
    void timeIsGeneratedAtEachReadAndChangesAfterASecond() throws Exception {
        String first = Shell.run("cat", fs.file("time.txt").toString()).assertSucceeded().stdout();
        Thread.sleep(1100);
        String second = Shell.run("cat", fs.file("time.txt").toString()).assertSucceeded().stdout();
        assertTrue(first.matches("The time right now is \\d\\d:\\d\\d:\\d\\d\n"), first);
        assertTrue(second.matches("The time right now is \\d\\d:\\d\\d:\\d\\d\n"), second);
        assertNotEquals(first, second);
    }

    @Test
    void timestampsAreRealNot1970() {
        long mtime = Long.parseLong(Shell.run("stat", "-c", "%Y", fs.file("hello.txt").toString()).assertSucceeded().stdout().strip());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - mtime) < 600, "mtime " + mtime);
    }

    @Test
    void writesToReadOnlyFilesAreDenied() {
        Shell.Result echo = Shell.sh("echo hi > " + fs.file("hello.txt"));
        assertNotEquals(0, echo.exitCode());
        assertTrue(echo.stderr().contains("Permission denied"), echo.stderr());
        assertTrue(Shell.sh("echo hi >> " + fs.file("weather.txt")).stderr().contains("Permission denied"));
        assertTrue(Shell.run("truncate", "-s", "0", fs.file("hello.txt").toString()).stderr().contains("Permission denied"));
        assertEquals(HELLO, Shell.run("cat", fs.file("hello.txt").toString()).stdout());
    }

    @Test
    void namesCannotBeCreatedRemovedOrRenamed() {
        String root = fs.root().toString();
        assertTrue(Shell.run("touch", root + "/new.txt").stderr().contains("Permission denied"));
        assertTrue(Shell.run("mkdir", root + "/dir").stderr().contains("Permission denied"));
        assertTrue(Shell.run("rm", "-f", root + "/hello.txt").stderr().contains("Permission denied"));
        assertTrue(Shell.run("mv", root + "/hello.txt", root + "/bye.txt").stderr().contains("Permission denied"));
        assertTrue(Shell.run("ln", "-s", "hello.txt", root + "/link").stderr().contains("Permission denied"));
        assertTrue(Shell.run("mkdir", root + "/notes.txt").stderr().contains("File exists"));
        assertTrue(Shell.run("chmod", "777", root + "/hello.txt").stderr().contains("Operation not permitted"));
        assertTrue(Files.exists(fs.file("hello.txt")));
    }

    @Test
    void unknownNamesAreNotFound() {
        Shell.Result cat = Shell.run("cat", fs.file("nope.txt").toString());
        assertTrue(cat.stderr().contains("No such file or directory"), cat.stderr());
        assertTrue(Shell.run("ls", fs.root() + "/nope/deeper").stderr().contains("No such file or directory"));
    }

    @Test
    void notesTakeOverwriteAppendTruncateAndBinaryData() throws Exception {
        Path notes = fs.file("notes.txt");
        Shell.sh("echo remember the milk > " + notes).assertSucceeded();
        assertEquals("remember the milk\n", Files.readString(notes));
        Shell.sh("echo and the bread >> " + notes).assertSucceeded();
        assertEquals("remember the milk\nand the bread\n", Files.readString(notes));
        Shell.sh("echo x > " + notes).assertSucceeded();
        assertEquals("x\n", Files.readString(notes));

        Shell.run("truncate", "-s", "100", notes.toString()).assertSucceeded();
        byte[] grown = Files.readAllBytes(notes);
        assertEquals(100, grown.length);
        assertEquals('x', grown[0]);
        for (int i = 2; i < 100; i++) {
            assertEquals(0, grown[i], "byte " + i + " after growing");
        }
        Shell.run("truncate", "-s", "1", notes.toString()).assertSucceeded();
        assertEquals("x", Files.readString(notes));

        // A write past the end zero-fills the gap.
        Shell.sh("printf Z | dd of=" + notes + " bs=1 seek=10 conv=notrunc status=none").assertSucceeded();
        assertArrayEquals(new byte[] {'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 'Z'}, Files.readAllBytes(notes));

        byte[] random = new byte[1 << 20];
        new Random(42).nextBytes(random);
        Files.write(notes, random);
        assertArrayEquals(random, Files.readAllBytes(notes));
        assertEquals(String.valueOf(random.length), Shell.run("stat", "-c", "%s", notes.toString()).stdout().strip());

        long mtime = Long.parseLong(Shell.run("stat", "-c", "%Y", notes.toString()).stdout().strip());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - mtime) < 60);
        Shell.run("truncate", "-s", "0", notes.toString()).assertSucceeded();
    }

    @Test
    void statfsReportsSaneValues() {
        String[] f = Shell.run("stat", "-f", "-c", "%S %b %f %l", fs.root().toString()).assertSucceeded().stdout().strip().split(" ");
        assertEquals("4096", f[0]);
        assertTrue(Long.parseLong(f[1]) >= Long.parseLong(f[2]) && Long.parseLong(f[2]) > 0, String.join(" ", f));
        assertEquals("255", f[3]);
    }

    @Test
    void weatherIsSlowOnceThenCachedWhileOtherFilesStayFast() throws Exception {
        // A fresh mount, so the first fetch happens here whatever ran before.
        Path dir = Files.createTempDirectory("magicfs-weather-");
        Files.copy(TestPaths.repositoryFile("mount.yaml"), dir.resolve("mount.yaml"));
        Files.createDirectories(dir.resolve("js"));
        Files.copy(TestPaths.repositoryFile("js/settings.js"), dir.resolve("js/settings.js"));
        try (HostProcess host = HostProcess.mount(dir.resolve("mount.yaml"), TestPaths.builtInPlugins(), "info", dir.resolve("mnt"))) {
            Path root = host.mountPoint();
            CompletableFuture<Shell.Result> weather = Shell.runAsync("cat", root + "/weather.txt");
            Thread.sleep(300);
            Shell.Result hello = Shell.run("cat", root + "/hello.txt").assertSucceeded();
            assertTrue(hello.millis() < 200, "hello.txt took " + hello.millis() + " ms during weather's download");
            assertTrue(!weather.isDone(), "the weather download should still be running");
            Shell.Result first = weather.get().assertSucceeded();
            assertEquals(WEATHER, first.stdout());
            assertTrue(first.millis() >= 1900, "first weather read took " + first.millis() + " ms");
            Shell.Result second = Shell.run("cat", root + "/weather.txt").assertSucceeded();
            assertEquals(WEATHER, second.stdout());
            assertTrue(second.millis() < 200, "second weather read took " + second.millis() + " ms");
            String log = host.log();
            assertTrue(log.contains("[magicfs] weather.txt: first read, simulating a slow download..."), log);
            assertTrue(log.contains("[magicfs] weather.txt: downloaded, cached in memory"), log);
            assertTrue(log.contains("[magicfs] READ weather.txt (ino=4) offset=0 size="), log);
            assertTrue(log.contains("[magicfs] LOOKUP hello.txt -> ino=2"), log);
        }
    }

    @Test
    void theGreetingCountsVisitsPerUser() {
        String first = Shell.run("cat", fs.file("greeting.txt").toString()).assertSucceeded().stdout();
        String second = Shell.run("cat", fs.file("greeting.txt").toString()).assertSucceeded().stdout();
        assertTrue(first.matches("Hello root, this is visit 1\\. It is .* GMT\\.\n"), first);
        assertTrue(second.startsWith("Hello root, this is visit 2. "), second);
    }

    @Test
    void settingsAcceptValidJsonAndRefuseTheRest() {
        Path settings = fs.file("settings.json");
        assertEquals("{\n  \"volume\": 5,\n  \"theme\": \"dark\"\n}\n", Shell.run("cat", settings.toString()).stdout());
        Shell.sh("echo '{\"volume\": 7}' > " + settings).assertSucceeded();
        Shell.Result tooLoud = Shell.sh("/bin/echo '{\"volume\": 99}' > " + settings);
        assertTrue(tooLoud.stderr().contains("write error: Invalid argument"), tooLoud.stderr());
        assertTrue(fs.log().contains("write() refused: Error: volume must be a whole number from 0 to 11"), fs.log());
        assertEquals("{\n  \"volume\": 7,\n  \"theme\": \"dark\"\n}\n", Shell.run("cat", settings.toString()).stdout());
    }

    @Test
    void requestLogUsesTheOriginalFormat() {
        Shell.sh("echo hello > " + fs.file("notes.txt")).assertSucceeded();
        Shell.run("ls", fs.root().toString()).assertSucceeded();
        String log = fs.log();
        // READDIRPLUS, which the kernel sends for most listings, is logged as the READDIR it is to a user.
        assertTrue(log.contains("[magicfs] READDIR ino=1\n"), log);
        assertTrue(log.contains("[magicfs] WRITE notes.txt (ino=5) offset=0 len=6\n"), log);
        // A name the kernel learned from a listing needs no LOOKUP; some name of this mount had one.
        assertTrue(java.util.regex.Pattern.compile("\\[magicfs\\] LOOKUP [a-z]+\\.[a-z]+ -> ino=\\d+\n").matcher(log).find(), log);
    }

    /** The tour's box: a persisted writable-dir where the everyday tools work. */
    @Test
    void theBoxTakesTheToolsOfTheTour() {
        String out = Shell.sh("set -e; cd " + fs.file("box") + "; mkdir -p notes/2026 && cp " + fs.file("hello.txt") + " notes/"
                + " && mv notes/hello.txt notes/2026/hi.txt && sed -i s/Hello/Howdy/ notes/2026/hi.txt && chmod 0644 notes/2026/hi.txt"
                + " && vi -Es -c '%s/real/virtual/' -c wq notes/2026/hi.txt && cat notes/2026/hi.txt"
                + " && git init -q repo && ls -A repo && rm -r notes repo && ls -A").assertSucceeded().stdout();
        assertEquals("Howdy! I am not a virtual file. A tiny Java program made me up.\n.git\n", out);
    }
}
