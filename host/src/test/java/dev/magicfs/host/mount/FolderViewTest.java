package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code writable-dir} with {@code from:}: the tree starts as a view of a local folder, each change goes to
 * the tree and never to the folder; a tree in memory starts afresh at each mount, a persisted one keeps its
 * changes and still reads unchanged files from the folder.
 */
class FolderViewTest {
    @TempDir
    Path dir;

    private Path fixtures() throws Exception {
        Path fixtures = dir.resolve("fixtures");
        Shell.sh("set -e; mkdir -p " + fixtures + "/docs/deep; cd " + fixtures + "; printf 'alpha\\nbeta\\n' > docs/a.txt; "
                + "head -c 300000 /dev/urandom > docs/deep/blob.bin; head -c 100000 /dev/urandom > docs/untouched.bin; ln docs/a.txt docs/hard.txt; ln -s deep/blob.bin docs/link; "
                + "mkfifo docs/pipe; chmod 0640 docs/a.txt; chmod 0700 docs/deep; touch -h -d 2002-03-04T05:06:07 docs/a.txt docs/link")
                .assertSucceeded();
        return fixtures;
    }

    /**
     * Every name below the top's type, mode, link count, mtime, and size and target but for folders (whose
     * size each filesystem counts its own way), and each file's hash.
     */
    private static String describe(Path tree) {
        return Shell.sh("cd " + tree + " && find . -mindepth 1 \\( -type d -printf '%p %y %m %n %T@\\n' \\) -o -printf '%p %y %m %s %n %T@ %l\\n' "
                + "| sort && find . -type f -exec sha256sum {} + | sort").assertSucceeded().stdout();
    }

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  view: {kind: writable-dir, from: fixtures}
                  kept: {kind: writable-dir, from: fixtures, persist: kept.store}
                """);
    }

    private HostProcess mount(Path config) throws Exception {
        return HostProcess.mount(config, TestPaths.builtInPlugins(), "info", dir.resolve("mnt"));
    }

    @Test
    void changesGoToTheTreeAndNeverToTheFolder() throws Exception {
        Path fixtures = fixtures();
        String original = describe(fixtures);
        Path config = config();
        String change = "set -e; echo gamma >> docs/a.txt; sed -i s/alpha/ALPHA/ docs/a.txt; rm docs/link; mv docs/deep docs/moved; "
                + "truncate -s 1000 docs/moved/blob.bin; echo new > docs/new.txt; chmod 0600 docs/hard.txt; cat docs/a.txt docs/hard.txt";
        try (HostProcess host = mount(config)) {
            for (String tree : new String[] {"view", "kept"}) {
                Path mounted = dir.resolve("mnt").resolve(tree);
                assertEquals(original, describe(mounted), tree + " starts as the folder");
                // The append copied the shared file into the tree; sed -i then put a new file under a.txt only.
                assertEquals("ALPHA\nbeta\ngamma\nalpha\nbeta\ngamma\n", Shell.sh("cd " + mounted + "; " + change).assertSucceeded().stdout(),
                        tree);
            }
            assertEquals(original, describe(fixtures), "the folder is only read");
            assertEquals(1000, Files.size(dir.resolve("mnt/kept/docs/moved/blob.bin")));
            assertEquals(0, host.terminate());
        }
        try (HostProcess again = mount(config)) {
            assertEquals(original, describe(dir.resolve("mnt/view")), "a tree in memory starts afresh");
            Path kept = dir.resolve("mnt/kept");
            assertEquals("ALPHA\nbeta\ngamma\n", Files.readString(kept.resolve("docs/a.txt")));
            assertEquals("new\n", Files.readString(kept.resolve("docs/new.txt")));
            assertTrue(Files.notExists(kept.resolve("docs/link")));
            assertEquals("600 alpha\nbeta\ngamma\n", Shell.run("stat", "-c", "%a", kept.resolve("docs/hard.txt").toString()).stdout().strip()
                    + " " + Files.readString(kept.resolve("docs/hard.txt")));
            assertEquals(-1, Files.mismatch(fixtures.resolve("docs/untouched.bin"), kept.resolve("docs/untouched.bin")));
            assertTrue(again.log().contains("store " + dir.resolve("kept.store") + ": "), again.log());
        }
        assertEquals(original, describe(fixtures));
    }

    @Test
    void aMissingFolderIsRefusedBeforeMounting() throws Exception {
        Path config = Files.writeString(dir.resolve("mount.yaml"), "files:\n  view: {kind: writable-dir, from: nowhere}\n");
        HostProcess.Finished check = HostProcess.runToEnd(dir.resolve("check.out"), "check", "-c", config.toString(), "--plugins",
                TestPaths.builtInPlugins().toString());
        String said = check.output();
        assertEquals(1, check.exitCode(), said);
        assertTrue(said.contains(config + ":2:30: from names a folder to start the tree from; not a folder: " + dir.resolve("nowhere")), said);
    }
}
