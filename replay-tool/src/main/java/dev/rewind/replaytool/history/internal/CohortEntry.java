package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import java.util.Comparator;
import java.util.Objects;

/**
 * One event filed under a cohort key: its event time and id, and where its record is: the local
 * partition whose store holds it ({@code partition >= 0}), or the record itself when another
 * instance sent the entry ({@code event} set).
 *
 * @param timestamp event time, epoch milliseconds
 * @param eventId   the event's id
 * @param partition the local source partition holding the event, or -1
 * @param event     the event's record from another instance, or null
 */
public record CohortEntry(long timestamp, String eventId, int partition, EventHistory event) {

    /**
     * The order of a listing: newest first, then by event id. Every instance sorts by it, so a
     * cursor's "skip n events at time t" means the same events on every request.
     */
    public static final Comparator<CohortEntry> NEWEST_FIRST = Comparator
            .comparingLong(CohortEntry::timestamp).reversed()
            .thenComparing(CohortEntry::eventId);

    public CohortEntry {
        Objects.requireNonNull(eventId, "eventId");
        if (partition < 0 && event == null) {
            throw new IllegalArgumentException("entry " + eventId + " names neither a local partition nor its event");
        }
    }

    /** This entry as sent to another instance: with its record, without a partition that means nothing there. */
    public CohortEntry remote(EventHistory record) {
        return new CohortEntry(timestamp, eventId, -1, record);
    }
}
