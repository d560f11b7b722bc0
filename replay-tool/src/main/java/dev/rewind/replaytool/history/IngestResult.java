package dev.rewind.replaytool.history;

/**
 * Where an ingested event landed.
 *
 * @param eventId   the event's id (assigned when the body had none)
 * @param topic     topic written to
 * @param partition partition written to
 * @param offset    offset of the record
 * @param subject   the registry subject whose latest schema the event was validated and written with
 * @param schemaId  that schema's id
 */
public record IngestResult(String eventId, String topic, int partition, long offset, String subject,
                           int schemaId) {
}
