package dev.magicfs.host.stats;

import java.util.List;

/** A part of {@code /.magic/stats} that is a list rather than a number: the transfers in flight, the files about to expire. */
public interface StatsSection {
    /** The heading, such as "transfers in flight". */
    String title();

    /** A line per item, as of now, or for the first few when there are many; empty when there is none. */
    List<String> lines();

    /** How many items there are: more than {@link #lines()} when it shows only the first few. */
    default int count() {
        return lines().size();
    }
}
