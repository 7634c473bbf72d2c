package dev.magicfs.host.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every offset FuseLayout hard-codes equals what the C compiler reads from libfuse's and glibc's headers. */
class FuseLayoutTest {
    @TempDir
    Path dir;

    @Test
    void everyConstantMatchesTheCHeaders() throws Exception {
        Path binary = dir.resolve("fuse_layout");
        Process cc = new ProcessBuilder("sh", "-c", "cc -Wall -o " + binary + " src/test/c/fuse_layout.c $(pkg-config --cflags fuse)")
                .redirectErrorStream(true).start();
        String ccOutput = new String(cc.getInputStream().readAllBytes());
        assertEquals(0, cc.waitFor(), "cannot compile against <fuse_lowlevel.h> (apt-get install gcc pkg-config libfuse-dev):\n" + ccOutput);
        Process run = new ProcessBuilder(binary.toString()).start();
        Map<String, Long> fromC = new TreeMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] kv = line.split("=");
            fromC.put(kv[0], Long.parseLong(kv[1]));
        }
        assertEquals(0, run.waitFor());

        Map<String, Long> inJava = new TreeMap<>();
        for (Field f : FuseLayout.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                f.setAccessible(true);
                inJava.put(f.getName(), (long) f.getInt(null));
            }
        }
        assertEquals(new TreeSet<>(inJava.keySet()), new TreeSet<>(fromC.keySet()), "constants checked");
        assertEquals(fromC, inJava);
    }
}
