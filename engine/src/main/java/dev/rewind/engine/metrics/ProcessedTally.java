package dev.rewind.engine.metrics;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@value EngineMetrics#PROCESSED} counts of one consumer thread, gathered per event and added to
 * the counters once per poll ({@link #flush()}): per event a hash look-up by cohort, instead of three
 * cardinality caps and a meter look-up (9% of the live path's processing thread, bench/results/profiles.md).
 * The totals are the ones per-event updates give, the cardinality caps admitting values in the order the
 * events brought them; the counters only lag until the next flush.
 *
 * <p>Not thread-safe: one per consumer thread.
 */
public final class ProcessedTally {

    private static final OutcomeStatus[] STATUSES = OutcomeStatus.values();

    private final EngineMetrics metrics;
    /** Counts by cohort, then by status ordinal; in first-seen order, the order the caps admit values in. */
    private final Map<Cohort, long[]> counts = new LinkedHashMap<>();

    public ProcessedTally(EngineMetrics metrics) {
        this.metrics = metrics;
    }

    /** An event of {@code cohort} got an outcome with {@code status}. */
    public void add(OutcomeStatus status, Cohort cohort) {
        long[] byStatus = counts.get(cohort);
        if (byStatus == null) {
            byStatus = new long[STATUSES.length];
            counts.put(cohort, byStatus);
        }
        byStatus[status.ordinal()]++;
    }

    /** Adds the counts gathered since the last flush to the counters. */
    public void flush() {
        if (counts.isEmpty()) {
            return;
        }
        counts.forEach((cohort, byStatus) -> {
            for (OutcomeStatus status : STATUSES) {
                long count = byStatus[status.ordinal()];
                if (count > 0) {
                    metrics.processed(tag(status), cohort, count);
                }
            }
        });
        counts.clear();
    }

    /** The {@code status} tag value of an outcome status. */
    static String tag(OutcomeStatus status) {
        return switch (status) {
            case OK -> "ok";
            case ERROR -> "error";
            case SKIPPED_DUP -> "skipped-dup";
        };
    }
}
