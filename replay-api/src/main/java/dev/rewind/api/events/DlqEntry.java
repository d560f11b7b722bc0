package dev.rewind.api.events;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;

/**
 * A dead-letter entry of an event on {@code rewind.dlq.<component>}.
 *
 * @param topic the DLQ topic
 * @param partition partition of the DLQ record
 * @param offset offset of the DLQ record
 * @param component component
 * @param version version
 * @param reason why it was dead-lettered
 * @param errorClass exception class, or null
 * @param failedAt when it failed
 */
@OpenApiSchema("DlqEntry")
public record DlqEntry(String topic, int partition, long offset, String component, String version, String reason,
        String errorClass, Instant failedAt) {
}
