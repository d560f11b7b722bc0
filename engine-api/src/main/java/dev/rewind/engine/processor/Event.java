package dev.rewind.engine.processor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One decoded event as a processor sees it.
 *
 * <p>Every event record follows rewind's event convention: a top-level {@code eventId} string and
 * a top-level {@code cohort} record; its type is the record's full Avro name and its time is the
 * Kafka record timestamp. The engine has already checked all of this before a processor sees the
 * event, so every component here is present.
 *
 * <p>Immutable apart from {@link #payload()}, which a processor must treat as read-only; the
 * headers are a read-only copy.
 *
 * @param eventId the event's unique id
 * @param time the event time (the Kafka record timestamp)
 * @param type the full name of the payload's Avro schema, e.g. {@code dev.rewind.demo.release.CommitPushed}
 * @param cohort the event's cohort
 * @param payload the decoded Avro record; a {@code SpecificRecord} when the runtime is configured
 *     with a specific reader, otherwise a {@code GenericData.Record}
 * @param topic the source topic
 * @param partition the source partition
 * @param offset the offset in the source partition
 * @param key the record key: the entity whose state {@link ProcessorContext#state()} addresses
 * @param headers the source record's headers, read-only
 */
public record Event(
        EventId eventId,
        Instant time,
        String type,
        Cohort cohort,
        GenericRecord payload,
        String topic,
        int partition,
        long offset,
        byte[] key,
        Headers headers) {

    /** Validates and copies the key and headers. */
    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key: events must be keyed by their entity");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0, were "
                    + partition + " and " + offset);
        }
        key = key.clone();
        RecordHeaders copy = new RecordHeaders(headers == null ? new Header[0] : headers.toArray());
        copy.setReadOnly();
        headers = copy;
    }

    /** The key decoded as UTF-8, the usual encoding of entity ids such as project ids. */
    public String keyAsString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /**
     * The payload as a given type, typically a generated {@code SpecificRecord} class.
     *
     * @throws ClassCastException naming both types, if the payload is of another type (e.g. the
     *     runtime decodes generic records: set {@code specific.avro.reader=true})
     */
    public <T> T payloadAs(Class<T> type) {
        if (!type.isInstance(payload)) {
            throw new ClassCastException("Payload of event " + eventId + " is a "
                    + payload.getClass().getName() + ", not a " + type.getName()
                    + "; to get generated classes configure the decoder with specific.avro.reader=true");
        }
        return type.cast(payload);
    }

    /** The last value of a header as UTF-8, if present. */
    public Optional<String> header(String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Where the event came from, e.g. {@code commits-3@42}. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e
                && partition == e.partition
                && offset == e.offset
                && eventId.equals(e.eventId)
                && time.equals(e.time)
                && type.equals(e.type)
                && cohort.equals(e.cohort)
                && payload.equals(e.payload)
                && topic.equals(e.topic)
                && java.util.Arrays.equals(key, e.key)
                && headers.equals(e.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, topic, partition, offset);
    }

    @Override
    public String toString() {
        return "Event[" + eventId + " " + type + " at " + time + " cohort " + cohort + " from "
                + position() + "]";
    }

    /** A builder, mainly for tests; {@code type} defaults to the payload's schema full name. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Event}; not thread-safe. */
    public static final class Builder {
        private EventId eventId;
        private Instant time;
        private String type;
        private Cohort cohort = Cohort.none();
        private GenericRecord payload;
        private String topic = "events";
        private int partition;
        private long offset;
        private byte[] key;
        private Headers headers = new RecordHeaders();

        private Builder() {
        }

        /** Sets the event id. */
        public Builder eventId(EventId value) {
            this.eventId = value;
            return this;
        }

        /** Sets the event id. */
        public Builder eventId(String value) {
            return eventId(new EventId(value));
        }

        /** Sets the event time. */
        public Builder time(Instant value) {
            this.time = value;
            return this;
        }

        /** Sets the type; defaults to the payload schema's full name. */
        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** Sets the cohort; defaults to {@link Cohort#none()}. */
        public Builder cohort(Cohort value) {
            this.cohort = value;
            return this;
        }

        /** Sets the payload. */
        public Builder payload(GenericRecord value) {
            this.payload = value;
            return this;
        }

        /** Sets the source topic, partition and offset. */
        public Builder source(String topicName, int partitionNumber, long offsetValue) {
            this.topic = topicName;
            this.partition = partitionNumber;
            this.offset = offsetValue;
            return this;
        }

        /** Sets the key. */
        public Builder key(byte[] value) {
            this.key = value;
            return this;
        }

        /** Sets the key as UTF-8. */
        public Builder key(String value) {
            return key(value.getBytes(StandardCharsets.UTF_8));
        }

        /** Sets the headers (copied). */
        public Builder headers(Headers value) {
            this.headers = value;
            return this;
        }

        /** Builds the event. */
        public Event build() {
            Objects.requireNonNull(payload, "payload");
            String actualType = type != null ? type : payload.getSchema().getFullName();
            return new Event(eventId, time, actualType, cohort, payload, topic, partition, offset,
                    key, headers);
        }
    }
}
