package dev.rewind.replaytool.history;

import java.util.Map;
import java.util.Objects;

/**
 * What the outcomes say about one version of a component over a window, overall and per value of
 * one cohort dimension.
 *
 * @param component component name
 * @param version   version name, or {@link #NO_VERSION}
 * @param window    the window summed over; null for a span given by its times
 * @param total     the whole version
 * @param byCohort  per cohort value ({@code plan:gold} -> stats); empty unless a dimension was asked for
 */
public record VersionStats(String component, String version, StatsWindow window, OutcomeSummary total,
                           Map<String, OutcomeSummary> byCohort) {

    /**
     * The version of the statistics of records dead-lettered on behalf of no version (a dead letter's empty
     * {@code version}: unroutable or not an event); their count is the {@code outcomes} of its {@code total}.
     */
    public static final String NO_VERSION = "";

    public VersionStats {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        byCohort = Map.copyOf(byCohort);
    }
}
