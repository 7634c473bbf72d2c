package dev.magicfs.host.cli;

import dev.magicfs.api.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The clock expire_after goes by: the system's, or, for tests, the system's moved ahead by the duration
 * written in the file that the system property {@value #OFFSET_FILE} names ({@code 8d}), read at each look,
 * so a test can let a week pass in a second.
 */
final class ExpiryClock implements InstantSource {
    static final String OFFSET_FILE = "magicfs.expiry.clock.offset.file";

    private final Path offsetFile;

    private ExpiryClock(Path offsetFile) {
        this.offsetFile = offsetFile;
    }

    static InstantSource fromSystemProperties() {
        String file = System.getProperty(OFFSET_FILE);
        return file == null ? Clock.systemUTC() : new ExpiryClock(Path.of(file));
    }

    @Override
    public Instant instant() {
        Duration offset = Duration.ZERO;
        try {
            String text = Files.readString(offsetFile).strip();
            if (!text.isEmpty()) {
                offset = Units.parseDuration(text);
            }
        } catch (IOException | IllegalArgumentException e) {
            // no offset written (yet): the system's time
        }
        return Instant.now().plus(offset);
    }
}
