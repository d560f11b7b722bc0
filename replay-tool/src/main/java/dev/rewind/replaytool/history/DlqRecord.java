package dev.rewind.replaytool.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A dead-letter entry for an event: which version gave up on it and why.
 *
 * @param topic      the DLQ topic
 * @param partition  partition of the DLQ record
 * @param offset     offset of the DLQ record
 * @param component  component name
 * @param version    version name
 * @param reason     why it was dead-lettered
 * @param errorClass exception class or null
 * @param failedAt   when it failed
 */
public record DlqRecord(String topic, int partition, long offset, String component, String version,
                        String reason, String errorClass, Instant failedAt) {

    public DlqRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
    }
}
