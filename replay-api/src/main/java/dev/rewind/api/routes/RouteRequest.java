package dev.rewind.api.routes;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * Body of {@code PUT /api/v1/components/{component}/routes/{selector}}.
 *
 * @param target version or channel name
 * @param targetKind {@code version} or {@code channel}; null: a channel if the component has one of
 *     that name, else a version
 * @param ramp the share of the selector's cohort values sent to another target; null: none (a ramp
 *     step is the same route set again with another percentage)
 * @param effectiveFrom when it applies; null: as soon as allowed (now plus the margin)
 * @param reason why; required
 */
@OpenApiSchema("RouteRequest")
public record RouteRequest(String target, String targetKind, RampSpec ramp, Instant effectiveFrom, String reason) {
}
