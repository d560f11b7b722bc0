package dev.rewind.engine.routing;

import dev.rewind.protocol.Ramp;
import java.util.Objects;

/**
 * The ramp of a route: the share of the route's cohort values ({@link Ramp}) that goes to
 * {@code target} instead of the route's own target.
 *
 * @param ramp which values: a dimension and a share in basis points
 * @param target where those values' events go
 */
public record RampedTarget(Ramp ramp, RouteTarget target) {

    /** Validates. */
    public RampedTarget {
        Objects.requireNonNull(ramp, "ramp");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public String toString() {
        return ramp + " to " + target;
    }
}
