package dev.magicfs.plugins.lazyremote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTest {
    @TempDir
    Path dir;

    @Test
    void dataUrlsDecodePercentEscapesAndBase64() throws Exception {
        Source plain = parse("data:,Tomorrow: sunny, 22%C2%B0.%0A");
        assertEquals("Tomorrow: sunny, 22°.\n", new String(plain.fetch(s -> { }), StandardCharsets.UTF_8));
        assertEquals(23, plain.sizeBeforeFetch());
        assertArrayEquals(new byte[] {0, 1, 2}, parse("data:application/octet-stream;base64,AAEC").fetch(s -> { }));
        assertThrows(IllegalArgumentException.class, () -> parse("data:no-comma"));
    }

    @Test
    void fileUrlsAreRelativeToMountYamlOrAbsolute() throws Exception {
        Files.writeString(dir.resolve("w.txt"), "cloudy\n");
        assertEquals("cloudy\n", new String(parse("file:w.txt").fetch(s -> { })));
        assertEquals(7, parse("file://" + dir.resolve("w.txt")).sizeBeforeFetch());
        assertThrows(IllegalArgumentException.class, () -> parse("ftp://example.org/x"));
    }

    private Source parse(String url) {
        return Source.parse(url, dir, Duration.ofSeconds(5), 1 << 20);
    }
}
