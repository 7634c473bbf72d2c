package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** js-dir: directories whose entries a script computes, beside static files, on a real mount. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the vanishing entry vanishes for the tests after it
class DynamicDirectoryTest {
    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            files:
              hello.txt: {kind: static, text: "hi\\n"}
              users:
                kind: js-dir
                params: {names: [alice, bob]}
                source: |
                  function list(ctx, dir) {
                    if (dir === 'teams') return ['red.txt', { name: 'deep', dir: true }];
                    if (dir === 'teams/deep') return ['x.txt'];
                    const gone = ctx.store.get('gone') ?? [];
                    return [...ctx.params.names.filter(n => !gone.includes(n)).map(n => n + '.txt'),
                            'remove-bob', { name: 'teams', dir: true }];
                  }
                  function read(ctx, name) {
                    if (name === 'remove-bob') { ctx.store.set('gone', ['bob']); return 'removed\\n'; }
                    return `hello ${name}\\n`;
                  }
              big:
                kind: js-dir
                timeout: 10s
                source: |
                  function list(ctx) { return Array.from({ length: 100000 }, (_, i) => `row-${i}.txt`); }
                  function read(ctx, name) { return name; }
              deep/in/tree/note.txt: {kind: static, text: "beside a dynamic directory\\n"}
              deep/in/tree/generations:
                kind: js-dir
                source: |
                  function list(ctx) {
                    const n = (ctx.store.get('n') ?? 0) + 1;
                    ctx.store.set('n', n);
                    return Array.from({ length: 5000 }, (_, i) => `gen-${n}-${i}.txt`);
                  }
                  function read(ctx, name) { return name; }
              broken:
                kind: js-dir
                source: |
                  function list(ctx) { throw new Error('no listing today'); }
                  function read(ctx, name) { return ''; }
            """);

    private static Shell.Result sh(String script) {
        return Shell.run("bash", "-c", "cd " + fs.root() + " && " + script);
    }

    @Test
    @Order(1)
    void listingNestedDirectoriesReadsAndFindWorkBesideStaticFiles() {
        assertEquals("alice.txt\nbob.txt\nremove-bob\nteams\n", sh("ls users").assertSucceeded().stdout());
        assertEquals("hello alice.txt\n", sh("cat users/alice.txt").assertSucceeded().stdout());
        assertEquals("hello teams/deep/x.txt\n", sh("cat users/teams/deep/x.txt").assertSucceeded().stdout());
        assertEquals(List.of("users", "users/alice.txt", "users/bob.txt", "users/remove-bob", "users/teams",
                "users/teams/deep", "users/teams/deep/x.txt", "users/teams/red.txt"),
                sh("find users | sort").assertSucceeded().stdout().lines().toList());
        assertEquals("directory\n", sh("stat -c %F users/teams").assertSucceeded().stdout());
        assertEquals("hi\n", sh("cat hello.txt").assertSucceeded().stdout());
    }

    @Test
    @Order(2)
    void aVanishedEntryGivesEnoentWhileOthersKeepTheirInodes() throws Exception {
        String inode = sh("stat -c %i users/alice.txt").assertSucceeded().stdout();
        assertEquals("hello bob.txt\n", sh("cat users/bob.txt").assertSucceeded().stdout());
        assertEquals("removed\n", sh("cat users/remove-bob").assertSucceeded().stdout());
        assertEquals("alice.txt\nremove-bob\nteams\n", sh("ls users").assertSucceeded().stdout());
        Thread.sleep(1_100); // a lookup may reuse a listing up to 1 s old
        Shell.Result gone = sh("cat users/bob.txt");
        assertTrue(gone.stderr().contains("No such file or directory"), gone.stderr());
        assertEquals(inode, sh("stat -c %i users/alice.txt").assertSucceeded().stdout(), "alice.txt kept its inode");
    }

    @Test
    void aThrowingListFailsWithEioAndOtherDirectoriesKeepWorking() {
        Shell.Result broken = sh("ls broken");
        assertTrue(broken.stderr().contains("Input/output error"), broken.stderr());
        fs.awaitLog("ERROR OPENDIR broken (ino=");
        assertTrue(fs.log().contains("list() threw Error: no listing today"), fs.log());
        assertTrue(sh("ls users").assertSucceeded().stdout().contains("alice.txt"));
        assertEquals("hi\n", sh("cat hello.txt").assertSucceeded().stdout());
    }

    /**
     * A listing that changes at every list() call: one opendir reads one snapshot across its many readdir
     * replies, so every name comes from the same generation, each exactly once.
     */
    @Test
    void readdirOffsetsStayConsistentWhileTheListingChangesUnderneath() {
        for (int round = 0; round < 3; round++) {
            List<String> names = sh("ls -f deep/in/tree/generations | grep -v '^\\.'").assertSucceeded().stdout().lines().toList();
            assertEquals(5000, names.size());
            assertEquals(5000, names.stream().distinct().count());
            assertEquals(1, names.stream().map(n -> n.split("-")[1]).distinct().count(), "one generation per opendir");
        }
        assertEquals("beside a dynamic directory\n", sh("cat deep/in/tree/note.txt").assertSucceeded().stdout());
        assertEquals("generations\nnote.txt\n", sh("ls deep/in/tree").assertSucceeded().stdout());
    }

    /** 100,000 entries stream through readdir with right offsets: every name exactly once. */
    @Test
    void aHundredThousandEntriesAreListedExactly() {
        long start = System.nanoTime();
        Shell.Result all = sh("ls -f big | sort | uniq | wc -l");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("100002\n", all.assertSucceeded().stdout(), "100,000 names plus . and ..");
        assertEquals("row-99999.txt", sh("cat big/row-99999.txt").assertSucceeded().stdout());
        System.out.println("js-dir: ls -f of 100,000 entries in " + millis + " ms");
    }
}
