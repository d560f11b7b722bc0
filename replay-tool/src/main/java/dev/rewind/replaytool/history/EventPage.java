package dev.rewind.replaytool.history;

import java.util.List;

/**
 * One page of a cohort's events, newest first.
 *
 * @param events the events with their histories
 * @param next   the cursor of the next page, or null when this is the last
 */
public record EventPage(List<EventHistory> events, PageCursor next) {

    public EventPage {
        events = List.copyOf(events);
    }
}
