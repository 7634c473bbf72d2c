package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A script that takes all the memory it can is stopped, said to have run out of memory, and costs one request. */
class ScriptMemoryTest {
    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            files:
              hello.txt: {kind: static, text: "hi\\n"}
              hog.txt:
                kind: js
                timeout: 30s
                max_statements: 0
                source: |
                  function read(ctx) { const all = []; while (true) all.push(new Array(1 << 16).fill(all.length)); }
            """).jvmOption("-Xmx192m");

    @Test
    void aScriptThatExhaustsTheHeapIsSaidToHaveRunOutOfMemory() {
        Shell.Result hog = Shell.run("cat", fs.file("hog.txt").toString());
        assertTrue(hog.stderr().contains("Input/output error"), hog.stderr());
        String log = fs.awaitLog("ran out of memory");
        assertTrue(!log.contains("ran past its limit of 0 statements"), log);
        assertEquals("hi\n", Shell.run("cat", fs.file("hello.txt").toString()).assertSucceeded().stdout());
    }
}
