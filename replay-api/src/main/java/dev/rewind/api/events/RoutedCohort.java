package dev.rewind.api.events;

import java.time.Instant;

/**
 * A cohort selector routed to a version, directly or through a channel.
 *
 * @param selector {@code customer:acme}, {@code plan:gold}, {@code project:p1} or {@code default}
 * @param via the channel it goes through, or null when it names the version
 * @param effectiveFrom when the route takes (or took) effect
 */
public record RoutedCohort(String selector, String via, Instant effectiveFrom) {
}
