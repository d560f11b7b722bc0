package dev.rewind.replaytool.history;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an event is: its source record, id, type and event time (the record timestamp).
 *
 * @param topic     source topic
 * @param partition source partition
 * @param offset    source offset
 * @param eventId   the event's unique id
 * @param type      the full name of the event's Avro record
 * @param timestamp the event time
 */
public record EventRef(String topic, int partition, long offset, String eventId, String type, Instant timestamp) {

    public EventRef {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(timestamp, "timestamp");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0, got " + partition + "/" + offset);
        }
    }
}
