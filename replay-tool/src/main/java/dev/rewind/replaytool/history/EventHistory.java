package dev.rewind.replaytool.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the index knows about one event: where it is, its cohort, its raw payload (Confluent
 * wire format, decoded on read), every processing and every dead-letter entry, in arrival order.
 *
 * <p>{@code ref} may be null when an outcome or DLQ entry arrived before the index saw the event
 * itself; the outcome's copy of the source coordinates then fills it.
 *
 * @param ref         the event's coordinates, or null
 * @param cohort      the event's cohort
 * @param payload     the raw record value, or null when not yet seen
 * @param processings outcomes, oldest first
 * @param dlq         DLQ entries, oldest first
 */
public record EventHistory(EventRef ref, EventCohort cohort, byte[] payload, List<Processing> processings,
                           List<DlqRecord> dlq) {

    /** At most this many processings are kept per event; the oldest are dropped first. */
    public static final int MAX_PROCESSINGS = 200;

    public EventHistory {
        cohort = cohort == null ? EventCohort.NONE : cohort;
        processings = processings == null ? List.of() : List.copyOf(processings);
        dlq = dlq == null ? List.of() : List.copyOf(dlq);
    }

    /** An empty history. */
    public static EventHistory empty() {
        return new EventHistory(null, EventCohort.NONE, null, List.of(), List.of());
    }

    /** This history with the event itself recorded. */
    public EventHistory withEvent(EventRef eventRef, EventCohort eventCohort, byte[] value) {
        return new EventHistory(eventRef, eventCohort, value, processings, dlq);
    }

    /** This history with one more processing; fills the ref from the outcome when still unknown. */
    public EventHistory withProcessing(Processing processing, EventRef fallbackRef, EventCohort fallbackCohort) {
        List<Processing> more = new ArrayList<>(processings);
        more.add(processing);
        if (more.size() > MAX_PROCESSINGS) {
            more.remove(0);
        }
        return new EventHistory(ref != null ? ref : fallbackRef,
                ref != null ? cohort : fallbackCohort, payload, more, dlq);
    }

    /** This history with one more DLQ entry. */
    public EventHistory withDlq(DlqRecord entry, EventRef fallbackRef) {
        List<DlqRecord> more = new ArrayList<>(dlq);
        more.add(entry);
        return new EventHistory(ref != null ? ref : fallbackRef, cohort, payload, processings, more);
    }
}
