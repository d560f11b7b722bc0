package dev.rewind.replaytool.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A search of one cohort's events in {@code [from, to)}, newest first.
 *
 * @param cohort  the cohort value
 * @param from    inclusive lower bound on event time
 * @param to      exclusive upper bound on event time
 * @param type    event type (full or simple record name) or null for any
 * @param version only events processed by this version, or null
 * @param status  only events with a processing of this status (by {@code version} when set), or null
 * @param limit   page size, 1..{@link #MAX_LIMIT}
 * @param cursor  where to continue, or null for the first page
 */
public record EventQuery(CohortKey cohort, Instant from, Instant to, String type, String version,
                         ProcessingStatus status, int limit, PageCursor cursor) {

    /** Largest page a query may ask for. */
    public static final int MAX_LIMIT = 1000;

    /** Page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;

    public EventQuery {
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** True when {@code history} passes the type, version and status filters. */
    public boolean matches(EventHistory history) {
        if (type != null) {
            String actual = history.ref() == null ? null : history.ref().type();
            if (actual == null || !(actual.equals(type) || actual.endsWith("." + type))) {
                return false;
            }
        }
        if (version == null && status == null) {
            return true;
        }
        return history.processings().stream().anyMatch(p ->
                (version == null || version.equals(p.version())) && (status == null || status == p.status()));
    }
}
