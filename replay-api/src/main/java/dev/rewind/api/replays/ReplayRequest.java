package dev.rewind.api.replays;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * Body of {@code POST /api/v1/replays}. Checked by {@link ReplayValidator}, not here, so that each
 * mistake gets its own problem type.
 *
 * @param component component name
 * @param version version to replay through
 * @param cohort selector: customer:<id>, plan:<id>, project:<id> or default
 * @param from window start (inclusive)
 * @param to window end (exclusive); null means now
 * @param dryRun sandbox run
 * @param maxEventsPerSecond throttle for reprocessed events; null for none
 * @param reason why; required
 */
@OpenApiSchema("ReplayRequest")
public record ReplayRequest(String component, String version, String cohort, Instant from, Instant to,
        Boolean dryRun, Double maxEventsPerSecond, String reason) {
}
