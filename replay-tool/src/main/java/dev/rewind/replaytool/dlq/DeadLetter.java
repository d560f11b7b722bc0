package dev.rewind.replaytool.dlq;

import dev.rewind.engine.processor.Cohort;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One record of {@code rewind.dlq.<component>}, decoded: the {@code DlqEntry} fields and, when the
 * original value still decodes as an event, its cohort.
 *
 * @param partition DLQ partition
 * @param offset DLQ offset
 * @param component component
 * @param version the version that dead-lettered it, empty when on behalf of none
 * @param reason reason name and detail
 * @param errorClass exception class or null
 * @param eventId event id or null
 * @param cohort the event's cohort, or null when unknown
 * @param sourceTopic source coordinates of the original record
 * @param sourcePartition source partition
 * @param sourceOffset source offset
 * @param eventTime the original record's timestamp
 * @param failedAt when it failed
 * @param key original key or null
 * @param value original value or null
 * @param headers original headers
 */
record DeadLetter(int partition, long offset, String component, String version, String reason, String errorClass,
        String eventId, Cohort cohort, String sourceTopic, int sourcePartition, long sourceOffset, Instant eventTime,
        Instant failedAt, byte[] key, byte[] value, List<Header> headers) {

    DeadLetter {
        Objects.requireNonNull(component, "component");
        headers = List.copyOf(headers);
    }

    /** An original header. */
    record Header(String key, byte[] value) {
    }

    /** {@code <partition>-<offset>}. */
    String id() {
        return partition + "-" + offset;
    }
}
