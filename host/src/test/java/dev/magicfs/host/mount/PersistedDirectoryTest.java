package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.CrashWriter;
import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import dev.magicfs.host.testing.TreeCrashWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code writable-dir} with {@code persist:}: the tree survives a remount and a kill -9 with every fsynced
 * file exact; a damaged store, or one another mount holds, is refused with its path.
 */
class PersistedDirectoryTest {
    static final int CRASHES = Integer.getInteger("magicfs.crash.rounds", 50);

    @TempDir
    Path dir;

    private Path mountYaml() throws Exception {
        return Files.writeString(dir.resolve("mount.yaml"), "files:\n  box: {kind: writable-dir, persist: box.store}\n");
    }

    private HostProcess mount(Path config, Path mnt) throws Exception {
        return HostProcess.mount(config, TestPaths.builtInPlugins(), "info", mnt);
    }

    /** Every name's type, mode, size, link count, mtime and content hash, as find(1) and sha256sum see them. */
    private static String describe(Path tree) {
        return Shell.sh("cd " + tree + " && find . -printf '%p %y %m %s %n %T@ %l\\n' | sort && find . -type f -size -1M -exec sha256sum {} + | sort")
                .assertSucceeded().stdout();
    }

    private static String xattrs(Path tree) {
        return Shell.run("python3", "-c", "import os, sys; d = sys.argv[1]; print([(p, n, len(os.getxattr(d + p, n))) "
                + "for p in ('/a', '/a/one.txt', '/a/b/c') if os.path.exists(d + p) for n in os.listxattr(d + p)])", tree.toString())
                .assertSucceeded().stdout();
    }

    @Test
    void aRemountShowsTheSameTree() throws Exception {
        Path config = mountYaml();
        Path mnt = dir.resolve("mnt");
        String before;
        try (HostProcess host = mount(config, mnt)) {
            Path box = mnt.resolve("box");
            Shell.sh("set -e; cd " + box + "; mkdir -p a/b/c; echo one > a/one.txt; printf 'two\\n' > a/b/two.txt; "
                    + "ln a/one.txt a/b/c/hard; ln -s ../one.txt a/b/link; mkfifo a/fifo; chmod 4750 a/one.txt; "
                    + "touch -d 2001-02-03T04:05:06 a/b/two.txt; mv a/b/c a/c; "
                    + "truncate -s 10G a/sparse; printf end | dd of=a/sparse bs=1 seek=10737418237 conv=notrunc status=none; "
                    + "python3 -c \"import os; os.setxattr('a/one.txt', 'user.k', b'v' * 3000); os.setxattr('a', 'trusted.t', b'\\\\0')\"")
                    .assertSucceeded();
            before = describe(box) + xattrs(box);
            assertEquals(0, host.terminate());
        }
        try (HostProcess again = mount(config, mnt)) {
            Path box = mnt.resolve("box");
            assertEquals(before, describe(box) + xattrs(box));
            assertEquals("end", Shell.sh("tail -c 3 " + box.resolve("a/sparse")).assertSucceeded().stdout());
            assertTrue(again.log().contains("store " + dir.resolve("box.store") + ": 8 files and folders, 9 names"), again.log());
        }
        long onDisk = Long.parseLong(Shell.run("du", "-s", "--block-size=1", dir.resolve("box.store").toString()).stdout().split("\\s")[0]);
        assertTrue(onDisk < 10L << 20, "the 10 GiB sparse file stays sparse in the store: " + onDisk + " bytes");
    }

    /**
     * mount.yaml's {@code mode} sets the root's bits, a shared /tmp-like 1777 here, in memory and persisted;
     * a chmod inside a persisted tree lasts across a remount, but mount.yaml's mode is applied again at the
     * next mount, as for a writable file.
     */
    @Test
    void modeInMountYamlSetsTheRootOfAWritableDirectory() throws Exception {
        Path config = Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  scratch: {kind: writable-dir, mode: "1777"}
                  box: {kind: writable-dir, persist: box.store, mode: "0750"}
                  plain: {kind: writable-dir}
                """);
        Path mnt = dir.resolve("mnt");
        try (HostProcess host = mount(config, mnt)) {
            assertEquals("1777 750 755\n", Shell.sh("cd " + mnt + " && stat -c %a scratch box plain | paste -sd' '").assertSucceeded().stdout());
            Shell.run("chmod", "0700", mnt.resolve("box").toString()).assertSucceeded();
            assertEquals(0, host.terminate());
        }
        try (HostProcess again = mount(config, mnt)) {
            assertEquals("750\n", Shell.run("stat", "-c", "%a", mnt.resolve("box").toString()).assertSucceeded().stdout());
        }
    }

    /**
     * A writer saves files with fsync and rename; the host is killed at a random moment and remounted. Every
     * file whose save returned is there with exactly its bytes (unless its removal had begun), no temporary
     * file of a finished save is left, and the store loads whole.
     */
    @Test
    void afterKillNineEverySavedFileIsThereExactly() throws Exception {
        Path config = mountYaml();
        Path mnt = dir.resolve("mnt");
        Random random = new Random(20261201);
        Map<String, String> kept = new HashMap<>();
        Map<String, String> underWay = new HashMap<>(); // saves that had begun: their file may be there, whole
        Set<String> mayBeGone = new HashSet<>();
        for (int round = 0; round < CRASHES; round++) {
            Path journal = dir.resolve("journal-" + round);
            try (HostProcess host = mount(config, mnt)) {
                Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                        "-cp", System.getProperty("java.class.path"), TreeCrashWriter.class.getName(),
                        mnt.resolve("box").toString(), journal.toString(), Long.toString(random.nextLong()), "r" + round)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("writer.out").toFile()).start();
                Thread.sleep(300 + random.nextInt(700));
                host.process().destroyForcibly().waitFor();
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer ended once the mount died");
            }
            for (String line : Files.readAllLines(journal)) {
                String[] f = line.split(" ");
                if (f[0].equals("saving")) {
                    underWay.put(f[1], f[2]);
                } else if (f[0].equals("saved")) {
                    kept.put(f[1], f[2]);
                } else if (f[0].equals("removing")) {
                    kept.remove(f[1]);
                    mayBeGone.add(f[1]);
                }
            }
            try (HostProcess check = mount(config, mnt)) {
                Path box = mnt.resolve("box");
                for (Map.Entry<String, String> file : kept.entrySet()) {
                    Path path = box.resolve(file.getKey());
                    assertTrue(Files.exists(path), "round " + round + ": " + file.getKey() + " was saved and is gone");
                    assertEquals(file.getValue(), CrashWriter.sha256(Files.readAllBytes(path)), "round " + round + ": " + file.getKey());
                }
                List<String> names = Shell.sh("cd " + box + " && find . -type f | sed 's|^./||'").assertSucceeded().stdout().lines().toList();
                for (String name : names) {
                    if (!kept.containsKey(name) && !mayBeGone.contains(name) && !name.endsWith(".tmp")) {
                        assertTrue(underWay.containsKey(name), "round " + round + ": " + name + " was never saved");
                        assertEquals(underWay.get(name), CrashWriter.sha256(Files.readAllBytes(box.resolve(name))),
                                "round " + round + ": " + name + " was renamed into place after its fsync, so it is whole");
                    }
                }
                assertTrue(check.log().contains("store " + dir.resolve("box.store") + ": "), check.log());
            }
        }
        System.out.println("tree crash test: " + CRASHES + " kills, " + kept.size() + " saved files all exact after each");
    }

    /** A live edit of mount.yaml keeps the tree, its content and the inode numbers the kernel knows. */
    @Test
    void aLiveEditKeepsTheTreeAndItsInodes() throws Exception {
        Path config = mountYaml();
        Path mnt = dir.resolve("mnt");
        try (HostProcess host = mount(config, mnt)) {
            Path box = mnt.resolve("box");
            Shell.sh("set -e; mkdir " + box + "/sub; echo kept > " + box + "/sub/f").assertSucceeded();
            String before = Shell.run("stat", "-c", "%i %n", box.resolve("sub").toString(), box.resolve("sub/f").toString()).stdout();
            Files.writeString(dir.resolve("edited.yaml"), "files:\n  box: {kind: writable-dir, persist: box.store, max_files: 500}\n"
                    + "  added.txt: {kind: static, text: \"new\\n\"}\n");
            Files.move(dir.resolve("edited.yaml"), config, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(mnt.resolve("added.txt")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("new\n", Files.readString(mnt.resolve("added.txt")));
            assertEquals(before, Shell.run("stat", "-c", "%i %n", box.resolve("sub").toString(), box.resolve("sub/f").toString()).stdout());
            assertEquals("kept\n", Files.readString(box.resolve("sub/f")));
            Shell.Result after = Shell.sh("echo after > " + box + "/sub/g");
            assertEquals(0, after.exitCode(), after.stderr() + "\n" + host.log());
            assertEquals("after\n", Files.readString(box.resolve("sub/g")));
        }
    }

    /** A store opens once the mount serves: a mount refused before that leaves none behind. */
    @Test
    void aRefusedMountLeavesNoStoreBehind() throws Exception {
        Path config = mountYaml();
        Path notEmpty = Files.createDirectories(dir.resolve("not-empty"));
        Files.writeString(notEmpty.resolve("x"), "");
        HostProcess.Finished refused = HostProcess.runToEnd(dir.resolve("mount.out"), "mount", "-c", config.toString(), "--plugins",
                TestPaths.builtInPlugins().toString(), notEmpty.toString());
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("is not empty"), refused.output());
        assertFalse(Files.exists(dir.resolve("box.store")), "a mount that never served wrote nothing");
        try (HostProcess host = mount(config, dir.resolve("mnt"))) {
            Shell.sh("echo kept > " + dir.resolve("mnt/box/kept.txt")).assertSucceeded();
            assertEquals(0, host.terminate());
        }
        assertTrue(Files.isRegularFile(dir.resolve("box.store/tree.db")));
    }

    @Test
    void aDamagedStoreIsRefusedWithItsPathAndLeftAsItWas() throws Exception {
        Path config = mountYaml();
        Path store = Files.createDirectories(dir.resolve("box.store"));
        byte[] damaged = "not a database at all, but a file with this name".repeat(100).getBytes();
        Files.write(store.resolve("tree.db"), damaged);
        HostProcess.Finished refused = HostProcess.runToEnd(dir.resolve("mount.out"), "mount", "-c", config.toString(), "--plugins",
                TestPaths.builtInPlugins().toString(), dir.resolve("mnt").toString());
        String said = refused.output();
        assertEquals(1, refused.exitCode(), said);
        assertTrue(said.contains(config + ":2:29: " + store.resolve("tree.db") + " is damaged or not a magicfs store"), said);
        assertTrue(said.contains("magicfs will not write to it"), said);
        assertTrue(java.util.Arrays.equals(damaged, Files.readAllBytes(store.resolve("tree.db"))));
    }

    /** A store of format 1 (before extended attributes) opens and becomes format 2; one of a newer format is refused. */
    @Test
    void anOlderStoreIsUpgradedAndANewerOneRefused() throws Exception {
        Path config = mountYaml();
        Path mnt = dir.resolve("mnt");
        Path db = dir.resolve("box.store/tree.db");
        try (HostProcess host = mount(config, mnt)) {
            Shell.sh("echo old > " + mnt.resolve("box/old.txt")).assertSucceeded();
            assertEquals(0, host.terminate());
        }
        Shell.run("sqlite3", db.toString(), "drop table xattrs; update meta set value = '1' where key = 'format';"
                + " pragma application_id = 0; pragma user_version = 0;").assertSucceeded();
        try (HostProcess host = mount(config, mnt)) {
            assertEquals("old\n", Files.readString(mnt.resolve("box/old.txt")));
            Shell.run("python3", "-c", "import os, sys; os.setxattr(sys.argv[1], 'user.new', b'1')", mnt.resolve("box/old.txt").toString())
                    .assertSucceeded();
            assertEquals(0, host.terminate());
        }
        assertEquals("2|1\n", Shell.run("sqlite3", db.toString(), "select value, (select count(*) from xattrs) from meta where key = 'format';")
                .assertSucceeded().stdout());
        assertEquals("1835492979\n2\n", Shell.run("sqlite3", db.toString(), "pragma application_id; pragma user_version;")
                .assertSucceeded().stdout(), "the header names magicfs (\"mgfs\") and the format, for a probe without SQLite");
        // as a newer magicfs would: the format in the meta table and in the header, which a probe reads
        Shell.run("sqlite3", db.toString(), "update meta set value = '3' where key = 'format'; pragma user_version = 3;").assertSucceeded();
        HostProcess.Finished refused = HostProcess.runToEnd(dir.resolve("mount.out"), "mount", "-c", config.toString(), "--plugins",
                TestPaths.builtInPlugins().toString(), mnt.toString());
        String said = refused.output();
        assertEquals(1, refused.exitCode(), said);
        assertTrue(said.contains(db + " has store format 3, this magicfs reads 1 to 2"), said);
    }

    @Test
    void aStoreInUseByAnotherMountIsRefusedButItsCheckPasses() throws Exception {
        Path config = mountYaml();
        try (HostProcess first = mount(config, dir.resolve("mnt"))) {
            Shell.sh("echo x > " + dir.resolve("mnt/box/x")).assertSucceeded(); // the store opens at its first use
            HostProcess.Finished second = HostProcess.runToEnd(dir.resolve("second.out"), "mount", "-c", config.toString(), "--plugins",
                    TestPaths.builtInPlugins().toString(), Files.createDirectories(dir.resolve("mnt2")).toString());
            String said = second.output();
            assertEquals(1, second.exitCode(), said);
            assertTrue(said.contains(dir.resolve("box.store") + " is in use by another mount"), said);
            // Checking the running mount's mount.yaml, as users do after each edit, finds nothing wrong.
            HostProcess.Finished check = HostProcess.runToEnd(dir.resolve("check.out"), "check", "-c", config.toString(), "--plugins",
                    TestPaths.builtInPlugins().toString());
            assertEquals(0, check.exitCode(), check.output());
        }
    }
}
