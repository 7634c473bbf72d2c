package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.CrashWriter;
import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code persist:} keeps a memory file's content across a remount, a kill -9 included. */
class PersistenceTest {
    static final int CRASHES = Integer.getInteger("magicfs.crash.rounds", 50);

    @TempDir
    Path dir;

    private Path mountYaml(String notesSpec) throws Exception {
        return Files.writeString(dir.resolve("mount.yaml"), "files:\n  notes.txt: " + notesSpec + "\n"
                + "  hello.txt: {kind: static, text: \"hi\\n\"}\n");
    }

    private HostProcess mount(Path config, Path mnt) throws Exception {
        return HostProcess.mount(config, TestPaths.builtInPlugins(), "info", mnt);
    }

    @Test
    void whatWasClosedSurvivesAKill() throws Exception {
        Path config = mountYaml("{kind: writable-memory, text: \"start\\n\", persist: notes.bin}");
        Path mnt = dir.resolve("mnt");
        try (HostProcess host = mount(config, mnt)) {
            assertEquals("start\n", Shell.run("cat", mnt + "/notes.txt").assertSucceeded().stdout());
            Shell.sh("echo 'written before the kill' >> " + mnt + "/notes.txt").assertSucceeded();
            host.process().destroyForcibly().waitFor();
        }
        try (HostProcess again = mount(config, mnt)) {
            assertEquals("start\nwritten before the kill\n", Shell.run("cat", mnt + "/notes.txt").assertSucceeded().stdout());
            assertTrue(again.log().contains("notes.txt: loaded 30 bytes from " + dir.resolve("notes.bin")), again.log());
        }
    }

    @Test
    void persistIntervalSavesWhatIsStillOpen() throws Exception {
        Path config = mountYaml("{kind: writable-memory, persist: notes.bin, persist_interval: 200ms}");
        Path mnt = dir.resolve("mnt");
        try (HostProcess host = mount(config, mnt);
                FileChannel open = FileChannel.open(mnt.resolve("notes.txt"), StandardOpenOption.WRITE)) {
            open.write(ByteBuffer.wrap("never closed, never fsynced\n".getBytes(StandardCharsets.UTF_8)));
            Thread.sleep(1_000);
            host.process().destroyForcibly().waitFor();
        } catch (java.io.IOException closingOnADeadMount) {
            // the channel's close reaches a killed host
        }
        try (HostProcess again = mount(config, mnt)) {
            assertEquals("never closed, never fsynced\n", Files.readString(mnt.resolve("notes.txt")));
        }
    }

    @Test
    void aDamagedPersistFileIsRefusedWithItsPathAndLeftAsItWas() throws Exception {
        Path config = mountYaml("{kind: writable-memory, persist: notes.bin}");
        byte[] damaged = "MAGICFS1 but then nonsense".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("notes.bin"), damaged);
        HostProcess.Finished refused = HostProcess.runToEnd(dir.resolve("check.out"), "mount", "-c", config.toString(), "--plugins",
                TestPaths.builtInPlugins().toString(), dir.resolve("mnt").toString());
        String said = refused.output();
        assertEquals(1, refused.exitCode(), said);
        assertTrue(said.contains(config + ":2:38: " + dir.resolve("notes.bin") + " cannot be loaded: damaged: the header says"), said);
        assertTrue(said.contains("magicfs will not overwrite it"), said);
        assertArrayEquals(damaged, Files.readAllBytes(dir.resolve("notes.bin")));
    }

    /**
     * A writer changes the file in batches with an fsync after each; the host is killed at a random moment,
     * remounted, and the file must hold the last state whose fsync returned, or the one whose fsync was under
     * way: never a mix, never an older one.
     */
    @Test
    void afterKillNineTheFileHoldsExactlyTheLastFsyncedState() throws Exception {
        Path config = mountYaml("{kind: writable-memory, persist: notes.bin}");
        Path mnt = dir.resolve("mnt");
        Random random = new Random(20261124);
        String expectedStart = CrashWriter.sha256(new byte[0]);
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < CRASHES; round++) {
            Path journal = dir.resolve("journal-" + round);
            try (HostProcess host = mount(config, mnt)) {
                Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                        "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                        mnt.resolve("notes.txt").toString(), journal.toString(), Long.toString(random.nextLong()))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("writer.out").toFile()).start();
                Thread.sleep(300 + random.nextInt(700));
                host.process().destroyForcibly().waitFor();
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer ended once the mount died");
            }
            List<String> lines = Files.readAllLines(journal);
            assertEquals("start " + expectedStart, lines.getFirst(), "round " + round + " began from the state the last one left");
            List<String> acceptable = acceptableStates(lines);
            try (HostProcess check = mount(config, mnt)) {
                String found = CrashWriter.sha256(Files.readAllBytes(mnt.resolve("notes.txt")));
                assertTrue(acceptable.contains(found), "round " + round + ": content " + found + " is none of " + acceptable
                        + "; journal:\n" + String.join("\n", lines));
                expectedStart = found;
                rounds.add(lines.size() + " journal lines");
            }
        }
        System.out.println("crash test: " + CRASHES + " kills, every remount held a fsynced state (" + rounds + ")");
    }

    /** The state of the last fsync that returned, and that of the fsync under way when the host died. */
    private static List<String> acceptableStates(List<String> journal) {
        String lastDone = journal.getFirst().substring("start ".length());
        String underWay = null;
        String tried = null;
        for (String line : journal.subList(1, journal.size())) {
            String[] f = line.split(" ");
            if (f[0].equals("try")) {
                tried = f[2];
                underWay = tried;
            } else if (f[0].equals("done")) {
                lastDone = tried;
                underWay = null;
            }
        }
        return underWay == null ? List.of(lastDone) : List.of(lastDone, underWay);
    }
}
