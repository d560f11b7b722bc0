package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.DlqRecord;
import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.Processing;

/**
 * One fact about an event on its way to the per-event store: the event itself, one processing, or
 * one DLQ entry (exactly one of {@code payload}, {@code processing}, {@code dlq} is set).
 *
 * @param ref        the event's coordinates (from the event, or the outcome's/DLQ entry's copy)
 * @param cohort     the event's cohort
 * @param payload    the event's raw value, when this update is the event
 * @param processing one outcome, when this update is a processing
 * @param dlq        one DLQ entry, when this update is a dead letter
 */
public record HistoryUpdate(EventRef ref, EventCohort cohort, byte[] payload, Processing processing,
                            DlqRecord dlq) {

    public HistoryUpdate {
        int set = (payload != null ? 1 : 0) + (processing != null ? 1 : 0) + (dlq != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("exactly one of payload, processing, dlq must be set");
        }
    }

    static HistoryUpdate processing(Processing processing, EventRef ref, EventCohort cohort) {
        return new HistoryUpdate(ref, cohort, null, processing, null);
    }

    static HistoryUpdate deadLetter(DlqRecord dlq, EventRef ref, EventCohort cohort) {
        return new HistoryUpdate(ref, cohort, null, null, dlq);
    }

    /** Applies this update to {@code history} (null = nothing known yet). */
    EventHistory applyTo(EventHistory history) {
        EventHistory base = history == null ? EventHistory.empty() : history;
        if (payload != null) {
            // written only by the index before source events stopped being repartitioned; such an update
            // may still wait in the repartition topic when a newer version starts
            return base.withEvent(ref, cohort, payload);
        }
        if (processing != null) {
            return base.withProcessing(processing, ref, cohort);
        }
        return base.withDlq(dlq, ref);
    }
}
