package dev.rewind.api.dlq;

import dev.rewind.api.OpenApiSchema;
import dev.rewind.api.events.CohortView;
import java.time.Instant;

/**
 * One entry of a component's dead-letter topic {@code rewind.dlq.<component>}.
 *
 * @param id the entry's id, {@code <partition>-<offset>} of the DLQ record
 * @param component component
 * @param version the version that dead-lettered it; empty for a record no version owned (not an event, unroutable)
 * @param reason why: a reason name ({@code PROCESSOR_ERROR}, {@code UNDECODABLE}, ...) and the detail
 * @param errorClass exception class, or null
 * @param eventId the event's id, or null when it could not be decoded
 * @param cohort the event's cohort decoded from the original value, or null when it cannot be decoded
 * @param sourceTopic source topic of the original record
 * @param sourcePartition its partition
 * @param sourceOffset its offset
 * @param eventTime the original record's timestamp
 * @param failedAt when the version gave up on it
 */
@OpenApiSchema("DeadLetter")
public record DeadLetterView(String id, String component, String version, String reason, String errorClass,
        String eventId, CohortView cohort, String sourceTopic, int sourcePartition, long sourceOffset,
        Instant eventTime, Instant failedAt) {
}
