package dev.rewind.api.events;

import java.util.List;
import java.util.Map;

/**
 * One version of a component in {@code GET /api/v1/components/{component}/versions}: instances,
 * lag, outcome statistics over the window (in total and per cohort slice) and the cohorts routed
 * to it.
 *
 * @param version version
 * @param group its consumer group
 * @param instances live members of the group
 * @param lag per-partition lag of the group
 * @param totalLag sum of {@code lag}
 * @param outcomes see {@link OutcomeStats}
 * @param errors see {@link OutcomeStats}
 * @param errorRate see {@link OutcomeStats}
 * @param throughputPerSecond see {@link OutcomeStats}
 * @param p99Millis see {@link OutcomeStats}
 * @param byCohort statistics per cohort slice (e.g. {@code plan:gold}) when asked {@code by} a dimension
 * @param routedCohorts selectors routed to this version, scheduled routes included
 * @param pausedPartitions source partitions its live instances hold paused (waiting for the route history or
 *     stopped by the error policy), as they report them on {@code rewind.control}
 */
public record VersionStatsView(String version, String group, int instances, List<PartitionLag> lag, long totalLag,
        long outcomes, long errors, double errorRate, double throughputPerSecond, double p99Millis,
        Map<String, OutcomeStats> byCohort, List<RoutedCohort> routedCohorts,
        List<PausedPartitionView> pausedPartitions) {

    /** Copies the collections, keeping the slices' order. */
    public VersionStatsView {
        lag = lag == null ? List.of() : List.copyOf(lag);
        byCohort = byCohort == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byCohort));
        routedCohorts = routedCohorts == null ? List.of() : List.copyOf(routedCohorts);
        pausedPartitions = pausedPartitions == null ? List.of() : List.copyOf(pausedPartitions);
    }

    /** The totals as one value. */
    public OutcomeStats total() {
        return new OutcomeStats(outcomes, errors, errorRate, throughputPerSecond, p99Millis);
    }
}
