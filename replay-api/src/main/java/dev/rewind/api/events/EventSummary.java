package dev.rewind.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.api.OpenApiSchema;
import java.time.Instant;
import java.util.List;

/**
 * An entry of {@code GET /api/v1/events}: the {@link EventView event}'s fields, each version's
 * latest processing of it, and whether it was dead-lettered.
 *
 * @param eventId see {@link EventView}
 * @param type see {@link EventView}
 * @param timestamp see {@link EventView}
 * @param topic see {@link EventView}
 * @param partition see {@link EventView}
 * @param offset see {@link EventView}
 * @param cohort see {@link EventView}
 * @param payload see {@link EventView}
 * @param outcomes the latest processing per component version
 * @param deadLettered whether a version dead-lettered the event
 */
@OpenApiSchema("EventSummary")
public record EventSummary(String eventId, String type, Instant timestamp, String topic, Integer partition,
        Long offset, CohortView cohort, JsonNode payload, List<Outcome> outcomes, boolean deadLettered) {

    /** Copies the outcomes. */
    public EventSummary {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }
}
