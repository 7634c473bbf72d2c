package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Folders of a bucket that exist only because of what the mount did, through renames and listings. */
class BucketNamespaceTest extends BucketFixture {
    @Test
    void aFolderMovedBeforeAnythingInItWentUpKeepsItsNameAndItsFiles() throws Exception {
        server.createBucket("moves");
        // Folders with no marker object: each is there only because of the object in it.
        for (String folder : new String[] {"loose", "bare", "kept"}) {
            server.put("moves", "top/" + folder + "/old.txt", "old\n");
        }
        try (HostProcess host = mount(config("moves", "moves", server.endpoint(), "write_back: 2s\nrefresh: 1s"), "m")) {
            Path b = host.mountPoint().resolve("b");
            Shell.sh("cd " + b + " && printf 'new\\n' > loose/new.txt && rm loose/old.txt bare/old.txt kept/old.txt"
                    + " && mv loose moved && mv bare emptied").assertSucceeded();
            Thread.sleep(1500); // past refresh: the folders are listed again while new.txt still waits for write_back

            assertEquals("emptied\nkept\nmoved\n", Shell.sh("ls " + b).assertSucceeded().stdout());
            assertEquals("new\n", Files.readString(b.resolve("moved/new.txt")));
            awaitTrue(() -> contentOf("moves", "top/moved/new.txt").equals("new\n"), "moved/new.txt uploaded under its new name");
            assertFalse(Files.exists(server.object("moves", "top/loose/new.txt")));
            assertFalse(Files.exists(server.object("moves", "top/loose")));

            Shell.sh("rmdir " + b.resolve("emptied") + " " + b.resolve("kept") + " && rm -r " + b.resolve("moved")).assertSucceeded();
            Thread.sleep(1500);
            assertEquals("", Shell.sh("ls " + b).assertSucceeded().stdout());
        }
    }

    /** mount.yaml's mode is the bucket folder's, as for a writable-dir; without it the folder is 0755. */
    @Test
    void modeInMountYamlSetsTheBucketFolder() throws Exception {
        server.createBucket("modes");
        try (HostProcess host = mount(config("modes", "modes", server.endpoint(), "mode: \"1770\""), "m")) {
            assertEquals("1770\n", Shell.run("stat", "-c", "%a", host.mountPoint().resolve("b").toString()).assertSucceeded().stdout());
        }
        try (HostProcess host = mount(config("plain", "modes", server.endpoint(), ""), "p")) {
            assertEquals("755\n", Shell.run("stat", "-c", "%a", host.mountPoint().resolve("b").toString()).assertSucceeded().stdout());
        }
    }
}
