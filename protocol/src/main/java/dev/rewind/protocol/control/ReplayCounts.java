package dev.rewind.protocol.control;

/**
 * How many records a replay has looked at on one partition, by what it did with them.
 *
 * @param reprocessed events of the cohort and window owned by the version, given to the processor
 * @param skipped records passed over without calling the processor
 * @param errored reprocessed events the processor failed on (dead-lettered); not in {@code reprocessed}
 */
public record ReplayCounts(long reprocessed, long skipped, long errored) {

    /** Nothing yet. */
    public static final ReplayCounts ZERO = new ReplayCounts(0, 0, 0);

    /** Validates that no count is negative. */
    public ReplayCounts {
        if (reprocessed < 0 || skipped < 0 || errored < 0) {
            throw new IllegalArgumentException("Replay counts must not be negative, were " + reprocessed + ", "
                    + skipped + ", " + errored);
        }
    }

    /** One more reprocessed event. */
    public ReplayCounts plusReprocessed() {
        return new ReplayCounts(reprocessed + 1, skipped, errored);
    }

    /** One more skipped record. */
    public ReplayCounts plusSkipped() {
        return new ReplayCounts(reprocessed, skipped + 1, errored);
    }

    /** One more failed event. */
    public ReplayCounts plusErrored() {
        return new ReplayCounts(reprocessed, skipped, errored + 1);
    }

    /** All records looked at. */
    public long total() {
        return reprocessed + skipped + errored;
    }
}
