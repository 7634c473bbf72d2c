package dev.magicfs.plugins.clock;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Generated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The template with the current time in it, made anew at each open. */
final class ClockFile implements Generated {
    private final String template;
    private final DateTimeFormatter formatter;

    ClockFile(String template, DateTimeFormatter formatter) {
        this.template = template;
        this.formatter = formatter;
    }

    @Override
    public byte[] generate(Caller caller) {
        return template.replace("{time}", formatter.format(Instant.now())).getBytes(StandardCharsets.UTF_8);
    }
}
