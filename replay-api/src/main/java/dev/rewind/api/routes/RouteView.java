package dev.rewind.api.routes;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * A route as the API shows it.
 *
 * @param component component
 * @param selector cohort selector
 * @param target version or channel name (of the values a ramp does not take); null for a removed route
 * @param targetKind {@code version} or {@code channel}; null for a removed route
 * @param ramp the share of the cohort values sent elsewhere; null for a route without a ramp
 * @param effectiveFrom since when it applies (may be in the future)
 * @param changeId the route change
 * @param author who made the change, from the audit log (null if not recorded by this service)
 * @param reason why, from the audit log (null if not recorded by this service)
 */
@OpenApiSchema("Route")
public record RouteView(String component, String selector, String target, String targetKind, RampSpec ramp,
        Instant effectiveFrom, String changeId, String author, String reason) {
}
