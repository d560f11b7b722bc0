package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;

/**
 * A record emitted for an event, with the processing that emitted it.
 *
 * @param topic output topic
 * @param partition partition, or null
 * @param offset offset, or null
 * @param key record key as text, or null
 * @param component component that emitted it
 * @param version version that emitted it
 * @param replayId the replay, null in live mode
 */
@OpenApiSchema("EventOutput")
public record EventOutput(String topic, Integer partition, Long offset, String key, String component,
        String version, String replayId) {
}
