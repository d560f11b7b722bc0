package dev.rewind.engine.routing;

import dev.rewind.engine.processor.Cohort;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link RouteLog} knows at one moment: the history it has read and the horizon before
 * which that history is complete for ownership purposes (see {@link RouteTiming}).
 *
 * @param history the changes read so far
 * @param horizon every ordinary change not in {@code history} takes effect at or after this time
 */
public record RouteSnapshot(RouteHistory history, Instant horizon) {

    /** Nothing read yet: every decision is undecided. */
    public static final RouteSnapshot INITIAL = new RouteSnapshot(RouteHistory.empty(), Instant.MIN);

    /** Validates. */
    public RouteSnapshot {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(horizon, "horizon");
    }

    /**
     * Decides who owns an event, refusing to decide for events whose {@linkplain
     * RouteHistory#ownershipTime ownership time} is at or after the horizon (a route change not read
     * yet could still apply to them, invariant 1) and for every event of a component without any
     * route yet (its first route will decide them).
     */
    public Ownership decide(String component, Cohort cohort, Instant eventTime) {
        if (!isDecidable(component, eventTime)) {
            return new Ownership.Undecided(horizon);
        }
        return history.owner(component, cohort, eventTime)
                .<Ownership>map(Ownership.Owned::new)
                .orElseGet(Ownership.Unrouted::new);
    }

    /** Whether ownership of an event at {@code eventTime} can be decided from this snapshot. */
    public boolean isDecidable(String component, Instant eventTime) {
        return history.firstRouteTime(component).isPresent()
                && history.ownershipTime(component, eventTime).isBefore(horizon);
    }
}
