package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventPage;
import dev.rewind.replaytool.history.EventQuery;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Walks a cohort's index entries newest first and pages through them. Filters on version and
 * status need each event's history, which {@code histories} fetches (locally or from the instance
 * that holds it).
 */
public final class EventSearch {

    private final ReadOnlyWindowStore<String, EventRef> index;
    private final Function<String, EventHistory> histories;

    public EventSearch(ReadOnlyWindowStore<String, EventRef> index, Function<String, EventHistory> histories) {
        this.index = index;
        this.histories = histories;
    }

    /** Runs one page of {@code query}. */
    public EventPage search(EventQuery query) {
        Instant upper = query.to().minusMillis(1);
        if (query.cursor() != null && query.cursor().timestamp() < upper.toEpochMilli()) {
            upper = Instant.ofEpochMilli(query.cursor().timestamp());
        }
        if (upper.isBefore(query.from())) {
            return new EventPage(List.of(), null);
        }
        List<EventHistory> page = new ArrayList<>(query.limit());
        Set<String> seen = new HashSet<>();
        long currentTs = Long.MIN_VALUE;
        int consumedAtTs = 0;
        try (WindowStoreIterator<EventRef> it = index.backwardFetch(query.cohort().toString(), query.from(), upper)) {
            while (it.hasNext()) {
                KeyValue<Long, EventRef> entry = it.next();
                if (entry.key != currentTs) {
                    currentTs = entry.key;
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
                if (!seen.add(entry.value.eventId())) {
                    continue;
                }
                EventHistory history = withRef(histories.apply(entry.value.eventId()), entry.value);
                if (query.matches(history)) {
                    page.add(history);
                }
            }
        }
        return new EventPage(page, null);
    }

    private static EventHistory withRef(EventHistory history, EventRef ref) {
        if (history == null) {
            return EventHistory.empty().withEvent(ref, null, null);
        }
        return history.ref() == null ? history.withEvent(ref, history.cohort(), history.payload()) : history;
    }
}
