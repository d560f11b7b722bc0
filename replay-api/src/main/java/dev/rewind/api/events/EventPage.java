package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /api/v1/events}: one page of a cohort's events, newest first.
 *
 * @param cohort the cohort asked for, e.g. {@code customer:acme}
 * @param from window start
 * @param to window end (exclusive)
 * @param limit page size
 * @param events the page
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
@OpenApiSchema("EventPage")
public record EventPage(String cohort, Instant from, Instant to, int limit, List<EventSummary> events,
        String nextCursor) {

    /** Copies the events. */
    public EventPage {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
