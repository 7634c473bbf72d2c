package dev.magicfs.host.stats;

import java.util.List;

/** A part of {@code /.magic/stats} that is a list rather than a number: the transfers in flight, the files about to expire. */
public interface StatsSection {
    /** The heading, such as "transfers in flight". */
    String title();

    /** A line per item, as of now; empty when there is none. */
    List<String> lines();
}
