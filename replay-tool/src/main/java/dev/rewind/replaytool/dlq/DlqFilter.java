package dev.rewind.replaytool.dlq;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.replaytool.Rejection;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which dead-letter entries a listing or a redrive takes; every part is optional (null).
 *
 * @param version only entries of this version
 * @param reason only entries whose reason starts with this, ignoring case (e.g. {@code processor_error})
 * @param cohort only events whose decoded cohort the selector matches (entries of unknown cohort never do)
 * @param from only events at or after this event time
 * @param to only events before this event time
 */
public record DlqFilter(String version, String reason, CohortSelector cohort, Instant from, Instant to)
        implements Predicate<DeadLetter> {

    /** Validates the window. */
    public DlqFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw Rejection.invalid(Rejection.Invalid.Rule.EMPTY_WINDOW, "'from' (" + from + ") must be before 'to' ("
                    + to + ").");
        }
    }

    /** A filter from request parameters. */
    public static DlqFilter of(String version, String reason, String cohort, Instant from, Instant to) {
        return new DlqFilter(blank(version), blank(reason), cohort == null || cohort.isBlank() ? null
                : DlqService.selector(cohort), from, to);
    }

    @Override
    public boolean test(DeadLetter entry) {
        return (version == null || version.equals(entry.version()))
                && (reason == null || entry.reason() != null
                        && entry.reason().toLowerCase(Locale.ROOT).startsWith(reason.toLowerCase(Locale.ROOT)))
                && (cohort == null || entry.cohort() != null && cohort.matches(entry.cohort()))
                && (from == null || entry.eventTime() != null && !entry.eventTime().isBefore(from))
                && (to == null || entry.eventTime() != null && entry.eventTime().isBefore(to));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
