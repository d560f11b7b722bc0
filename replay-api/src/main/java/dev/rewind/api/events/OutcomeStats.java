package dev.rewind.api.events;

/**
 * Outcome statistics of a version (or of one cohort slice of it) over a window.
 *
 * @param outcomes outcomes in the window
 * @param errors outcomes with status error
 * @param errorRate errors / outcomes, 0 to 1
 * @param throughputPerSecond outcomes per second over the window
 * @param p99Millis 99th percentile of processing time, milliseconds
 */
public record OutcomeStats(long outcomes, long errors, double errorRate, double throughputPerSecond,
        double p99Millis) {
}
