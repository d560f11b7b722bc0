package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;
import java.util.List;

/**
 * Body of {@code GET /api/v1/components/{component}/versions}.
 *
 * @param component the component
 * @param window {@code 1m}, {@code 15m} or {@code 1h}
 * @param by the cohort dimension the statistics are sliced by, or null
 * @param versions every version known from groups, outcomes or routes
 * @param unroutable records of the component's source topics dead-lettered on behalf of no version over the
 *     window (no route applied at their time, or not an event at all): counted here once, in no version's
 *     outcomes or error rate
 */
@OpenApiSchema("VersionStatsList")
public record VersionStatsList(String component, String window, String by, List<VersionStatsView> versions,
        long unroutable) {

    /** Copies the versions. */
    public VersionStatsList {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }
}
