package dev.rewind.api.events;

/**
 * The cohort an event belongs to, as its {@code cohort} field says.
 *
 * @param customer customer id, or null
 * @param plan plan, or null
 * @param project project id, or null
 */
public record CohortView(String customer, String plan, String project) {
}
