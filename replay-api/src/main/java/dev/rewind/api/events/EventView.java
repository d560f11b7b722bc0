package dev.rewind.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * A source event as the history index knows it. Source coordinates are null when the index has
 * seen outcomes of the event but not (yet) the event itself.
 *
 * @param eventId the event's id
 * @param type full record name of the event's schema
 * @param timestamp event time (the Kafka record timestamp)
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param cohort the event's cohort
 * @param payload the Avro payload as JSON: its shape is the writer schema's
 */
@OpenApiSchema("Event")
public record EventView(String eventId, String type, Instant timestamp, String topic, Integer partition,
        Long offset, CohortView cohort, JsonNode payload) {
}
