package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventPage;
import dev.rewind.replaytool.history.EventQuery;
import dev.rewind.replaytool.history.PageCursor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks a cohort's index entries newest first and pages through them. The entries come from the
 * stores of every source partition ({@link CohortSource}, merged by {@link CohortSlice}); each
 * listed event is its record ({@code records}) joined with its processings and dead letters
 * ({@code histories}, fetched locally or from the instance that holds the event id). Filters on
 * version and status need those processings.
 */
public final class EventSearch {

    /** The merged newest entries of a cohort key over every source partition, as {@link CohortSlice#merge}. */
    @FunctionalInterface
    public interface CohortSource {
        CohortSlice slice(String key, long from, long upper, int max);
    }

    private final CohortSource source;
    private final Function<CohortEntry, EventHistory> records;
    private final Function<String, EventHistory> histories;

    /**
     * @param source    the entries
     * @param records   an entry's event record (null when gone)
     * @param histories an event id's processings and dead letters (null when none)
     */
    public EventSearch(CohortSource source, Function<CohortEntry, EventHistory> records,
                       Function<String, EventHistory> histories) {
        this.source = source;
        this.records = records;
        this.histories = histories;
    }

    /** Runs one page of {@code query}. */
    public EventPage search(EventQuery query) {
        long upper = query.to().toEpochMilli() - 1;
        if (query.cursor() != null && query.cursor().timestamp() < upper) {
            upper = query.cursor().timestamp();
        }
        long from = query.from().toEpochMilli();
        if (upper < from) {
            return new EventPage(List.of(), null);
        }
        // enough entries to fill the page and see whether one more exists, unless filters or duplicates
        // drop some: then ask again for more
        long max = query.limit() + (query.cursor() == null ? 0L : query.cursor().skip()) + 1L;
        while (true) {
            CohortSlice slice = source.slice(query.cohort().toString(), from, upper, (int) Math.min(max, Integer.MAX_VALUE));
            EventPage page = page(query, slice);
            if (page != null) {
                return page;
            }
            max *= 4;
        }
    }

    /** The page, or null when the slice ran out before the page was decided. */
    private EventPage page(EventQuery query, CohortSlice slice) {
        List<EventHistory> page = new ArrayList<>(query.limit());
        Set<String> seen = new HashSet<>();
        long currentTs = Long.MIN_VALUE;
        int consumedAtTs = 0;
        for (CohortEntry entry : slice.entries()) {
            if (entry.timestamp() != currentTs) {
                currentTs = entry.timestamp();
                consumedAtTs = 0;
            }
            consumedAtTs++;
            if (query.cursor() != null && currentTs == query.cursor().timestamp()
                    && consumedAtTs <= query.cursor().skip()) {
                continue;
            }
            if (page.size() == query.limit()) {
                // one more entry exists: the page is full and a next one starts where we stopped
                return new EventPage(page, new PageCursor(currentTs, consumedAtTs - 1));
            }
            if (!seen.add(entry.eventId())) {
                continue;
            }
            EventHistory history = combine(records.apply(entry), histories.apply(entry.eventId()));
            if (history != null && query.matches(history)) {
                page.add(history);
            }
        }
        return slice.truncated() ? null : new EventPage(page, null);
    }

    /**
     * An event's record joined with its processings and dead letters; either may be null (the
     * event not yet indexed, or not yet processed), both null gives null.
     */
    public static EventHistory combine(EventHistory record, EventHistory processed) {
        if (record == null || processed == null) {
            return record == null ? processed : record;
        }
        return new EventHistory(record.ref(), record.cohort(), record.payload(), processed.processings(),
                processed.dlq());
    }
}
