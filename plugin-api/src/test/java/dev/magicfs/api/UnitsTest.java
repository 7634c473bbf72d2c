package dev.magicfs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void durations() {
        assertEquals(Duration.ZERO, Units.parseDuration("0"));
        assertEquals(Duration.ofMillis(500), Units.parseDuration("500ms"));
        assertEquals(Duration.ofMillis(1500), Units.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(2), Units.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), Units.parseDuration("1h"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("2 parsecs"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("5"));
    }

    @Test
    void sizes() {
        assertEquals(4096, Units.parseSize("4096"));
        assertEquals(16L << 20, Units.parseSize("16MiB"));
        assertEquals(1_000_000, Units.parseSize("1MB"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("lots"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("99999999999GiB"));
    }
}
