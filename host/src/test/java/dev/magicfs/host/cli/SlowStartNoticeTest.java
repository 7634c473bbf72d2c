package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A start that takes more than a second says what it is doing; a quick one says nothing. */
class SlowStartNoticeTest {

    @Test
    void aSlowStepIsNamedOnceASecondAfterTheFirst() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SlowStartNotice notice = new SlowStartNotice(new PrintStream(out, true, StandardCharsets.UTF_8), "reading and checking mount.yaml")) {
            Thread.sleep(1300);
            notice.step("building 100,000 files");
            Thread.sleep(1000);
        }
        Thread.sleep(1200); // a notice closed says no more
        String said = out.toString(StandardCharsets.UTF_8);
        assertEquals("""
                magicfs: reading and checking mount.yaml (1 s)
                magicfs: building 100,000 files (2 s)
                """, said);
    }

    @Test
    void aQuickStartSaysNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SlowStartNotice notice = new SlowStartNotice(new PrintStream(out, true, StandardCharsets.UTF_8), "reading")) {
            notice.step("loading plugins");
        }
        Thread.sleep(1200);
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty());
    }
}
