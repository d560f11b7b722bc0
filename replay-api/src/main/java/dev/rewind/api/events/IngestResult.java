package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;

/**
 * Where an ingested event landed.
 *
 * @param eventId   the event's id (assigned when the body had none)
 * @param topic     topic written to
 * @param partition partition written to
 * @param offset    offset of the record
 * @param subject   the registry subject whose latest schema the event was validated and written with
 * @param schemaId  that schema's id
 * @param encoding  how the body was read: {@code json} (plain JSON, unions as their value) or {@code avro-json}
 *                  (Avro's JSON encoding, non-null union values as {@code {"<branch>": value}})
 */
@OpenApiSchema("IngestResult")
public record IngestResult(String eventId, String topic, int partition, long offset, String subject,
                           int schemaId, String encoding) {
}
