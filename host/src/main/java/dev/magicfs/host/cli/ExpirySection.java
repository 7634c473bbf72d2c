package dev.magicfs.host.cli;

import dev.magicfs.host.stats.StatsSection;
import dev.magicfs.host.vfs.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/** The files that expire ({@code expire_after}), soonest first, as {@code /.magic/stats} lists them. */
final class ExpirySection implements StatsSection {
    /** The most files listed; the rest are counted. */
    private static final int SHOWN = 20;

    private final Supplier<Expiry> expiry;

    /** @param expiry the mount's, or null before it serves */
    ExpirySection(Supplier<Expiry> expiry) {
        this.expiry = expiry;
    }

    @Override
    public String title() {
        return "files that expire";
    }

    @Override
    public List<String> lines() {
        Expiry e = expiry.get();
        if (e == null) {
            return List.of();
        }
        Instant now = e.now();
        return e.pending().stream().limit(SHOWN).map(p -> p.path() + " at " + p.at().truncatedTo(ChronoUnit.SECONDS)
                + " (in " + left(Duration.between(now, p.at())) + ")").toList();
    }

    @Override
    public int count() {
        return pending().size();
    }

    private List<Expiry.Pending> pending() {
        Expiry e = expiry.get();
        return e == null ? List.of() : e.pending();
    }

    private static String left(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 86400 ? s / 86400 + " d " + s % 86400 / 3600 + " h" : s >= 3600 ? s / 3600 + " h " + s % 3600 / 60 + " min"
                : s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }
}
