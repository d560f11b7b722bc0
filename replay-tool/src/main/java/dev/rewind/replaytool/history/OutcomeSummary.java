package dev.rewind.replaytool.history;

import java.time.Duration;

/**
 * Outcome statistics of a version (or of a version for one cohort value) over a {@link StatsWindow}.
 * Skipped duplicates do not count.
 *
 * @param outcomes            processings counted
 * @param errors              of which failed
 * @param errorRate           errors / outcomes, 0 when none
 * @param throughputPerSecond outcomes per second over the time the summed windows cover
 * @param p99                 99th percentile processing time (within 5%)
 */
public record OutcomeSummary(long outcomes, long errors, double errorRate, double throughputPerSecond,
                             Duration p99) {
}
