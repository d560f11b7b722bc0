package dev.rewind.engine.routing;

import dev.rewind.engine.processor.ComponentVersion;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RouteHistory} says about every event of one component whose event time lies in
 * {@code [from, to)}: no route, override or channel change takes effect inside the slice, so
 * {@link RouteHistory#owner} and {@link RouteHistory#unroutableReporter} give the same answer for
 * every time in it. A consumer keeps the slice of the last event and decides the next events of
 * the slice without looking at the route history again.
 *
 * <p>When {@code cohortIndependent}, no replay override and no route other than {@code default}
 * is in force in the slice: every event has the same owner whatever its cohort, so an event can be
 * skipped by its timestamp alone, before its payload is read (issue 12).
 *
 * @param history the history the slice was computed from (a newer history needs a new slice)
 * @param component the component
 * @param from the first event time of the slice, inclusive ({@link Instant#MIN} when unbounded)
 * @param to the end of the slice, exclusive ({@link Instant#MAX} when unbounded)
 * @param cohortIndependent whether the owner is the same for every cohort
 * @param owner when {@code cohortIndependent}, the owner of every event (empty: no route applies);
 *     otherwise empty
 * @param unroutableReporter the version that dead-letters what no version owns in the slice
 */
public record OwnershipSlice(RouteHistory history, String component, Instant from, Instant to,
                             boolean cohortIndependent, Optional<ComponentVersion> owner,
                             Optional<ComponentVersion> unroutableReporter) {

    /** Validates. */
    public OwnershipSlice {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(unroutableReporter, "unroutableReporter");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("An ownership slice ends after it starts, was [" + from + ", " + to + ")");
        }
        if (!cohortIndependent && owner.isPresent()) {
            throw new IllegalArgumentException("Only a cohort-independent slice has one owner");
        }
    }

    /** Whether this slice answers for an event of {@code history} at {@code eventTime}. */
    public boolean answers(RouteHistory current, Instant eventTime) {
        return history == current && !eventTime.isBefore(from) && eventTime.isBefore(to);
    }
}
