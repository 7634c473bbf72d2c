package dev.magicfs.host.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every opcode, flag and offset Protocol and Mounter hard-code equals what the C compiler reads from
 * {@code <linux/fuse.h>} and the C library's headers. Constants newer than the build machine's kernel header
 * are listed, not compared; on a machine with a newer header they are compared too.
 */
class ProtocolLayoutTest {
    /** magicfs's own choices, not the header's. */
    private static final Set<String> OURS = Set.of("MAGICFS_MINOR");

    @TempDir
    Path dir;

    @Test
    void everyConstantMatchesTheCHeaders() throws Exception {
        Path binary = dir.resolve("fuse_protocol");
        Process cc = new ProcessBuilder("cc", "-Wall", "-o", binary.toString(), "src/test/c/fuse_protocol.c")
                .redirectErrorStream(true).start();
        String ccOutput = new String(cc.getInputStream().readAllBytes());
        assertEquals(0, cc.waitFor(), "cannot compile against <linux/fuse.h> (apt-get install gcc linux-libc-dev):\n" + ccOutput);
        Process run = new ProcessBuilder(binary.toString()).start();
        Map<String, String> fromC = new TreeMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] kv = line.split("=");
            fromC.put(kv[0], kv[1]);
        }
        assertEquals(0, run.waitFor());

        Map<String, String> inJava = new TreeMap<>();
        for (Class<?> type : new Class<?>[] {Protocol.class, Mounter.class}) {
            for (Field f : type.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) && !Modifier.isPrivate(m) && (f.getType() == int.class || f.getType() == long.class)
                        && !OURS.contains(f.getName())) {
                    f.setAccessible(true);
                    inJava.put(f.getName(), String.valueOf(((Number) f.get(null)).longValue()));
                }
            }
        }
        assertEquals(inJava.keySet(), fromC.keySet(), "constants checked");
        Map<String, String> comparable = new TreeMap<>(inJava);
        fromC.forEach((name, value) -> {
            if (value.equals("?")) {
                comparable.remove(name);
                System.out.println("ProtocolLayoutTest: " + name + " is newer than this machine's <linux/fuse.h>; not compared");
            }
        });
        fromC.values().removeIf("?"::equals);
        assertEquals(fromC, comparable);
        assertTrue(comparable.size() > 150, "most constants are compared: " + comparable.size());
    }
}
