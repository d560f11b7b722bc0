package dev.rewind.engine.routing;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.processor.Cohort;
import java.time.Instant;
import java.util.Objects;

/**
 * A route as it stands at some time: the latest {@code SET} of its selector effective then.
 *
 * @param selector the events it applies to
 * @param target where they go (those a ramp does not take)
 * @param ramp the share of the selector's cohort values sent elsewhere; null for a plain route
 * @param effectiveFrom since when (may be in the future for a scheduled route)
 * @param changeId the route change that set it
 */
public record ActiveRoute(CohortSelector selector, RouteTarget target, RampedTarget ramp, Instant effectiveFrom,
        String changeId) {

    /** Validates. */
    public ActiveRoute {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(changeId, "changeId");
    }

    /** A route without a ramp. */
    public ActiveRoute(CohortSelector selector, RouteTarget target, Instant effectiveFrom, String changeId) {
        this(selector, target, null, effectiveFrom, changeId);
    }

    /** The target of an event of {@code cohort} matched by this route: the ramp's if it admits the cohort. */
    public RouteTarget targetFor(Cohort cohort) {
        return ramp != null && ramp.ramp().admits(cohort) ? ramp.target() : target;
    }
}
