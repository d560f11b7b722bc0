package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;

/**
 * One record a processing emitted. Partition and offset are null when the engine did not know them.
 *
 * @param topic output topic
 * @param partition partition, or null
 * @param offset offset, or null
 * @param key record key as text, or null
 */
@OpenApiSchema("OutputRef")
public record OutputRef(String topic, Integer partition, Long offset, String key) {
}
