package dev.rewind.engine.routing;

import dev.rewind.protocol.CohortSelector;
import java.time.Instant;
import java.util.Objects;

/**
 * A route as it stands at some time: the latest {@code SET} of its selector effective then.
 *
 * @param selector the events it applies to
 * @param target where they go
 * @param effectiveFrom since when (may be in the future for a scheduled route)
 * @param changeId the route change that set it
 */
public record ActiveRoute(CohortSelector selector, RouteTarget target, Instant effectiveFrom, String changeId) {

    /** Validates. */
    public ActiveRoute {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(changeId, "changeId");
    }
}
