package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.runtime.internal.RegistryUnavailableException;
import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventId;
import dev.rewind.schemas.EventConvention;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.EventProjection;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns source records into {@link Event}s following the event convention, or says why a record
 * belongs in the dead-letter topic.
 *
 * <p>A registry that cannot be reached is not the event's fault: it surfaces as
 * {@link RegistryUnavailableException} so the batch is retried rather than the event dead-lettered.
 */
public final class EventDecoder {

    private static final byte MAGIC = 0;
    private static final int HEADER_LENGTH = 5;

    private final Deserializer<Object> deserializer;
    private final EventProjection projection;

    /** A decoder that only decodes in full ({@link #peek} always answers {@code null}). */
    public EventDecoder(Deserializer<Object> deserializer) {
        this(deserializer, null);
    }

    /**
     * A decoder that can also {@linkplain #peek peek} at the routing fields through {@code projection}
     * (which must read the same registry as {@code deserializer}).
     */
    public EventDecoder(Deserializer<Object> deserializer, EventProjection projection) {
        this.deserializer = deserializer;
        this.projection = projection;
    }

    /**
     * The routing fields of a record that is a valid event, read without decoding its payload.
     *
     * @param eventId the event id, valid as {@link #decode} requires
     * @param cohort the cohort, valid as {@link #decode} requires
     */
    public record Peeked(EventId eventId, Cohort cohort) {
    }

    /**
     * Reads a record's event id and cohort with an {@link EventProjection}, without decoding the
     * payload: enough to decide its owner. Answers {@code null} whenever only {@link #decode} can say
     * what the record is (no projection configured, not the wire format, no key, an unknown schema,
     * a body that does not read, a missing or invalid event id or cohort); for every other record
     * {@link #decode} reads the same event id and cohort, unless the payload fails in a part the
     * projection skips (a full decode validates more, e.g. enum symbols).
     *
     * @throws RegistryUnavailableException when the registry cannot be reached (retry the batch)
     */
    public Peeked peek(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (projection == null || record.key() == null || value == null || value.length < HEADER_LENGTH
                || value[0] != MAGIC) {
            return null;
        }
        EventProjection.Projected projected;
        try {
            projected = projection.project(record.topic(), value);
        } catch (RuntimeException e) {
            classify(e); // throws when the registry is unavailable
            return null;
        }
        if (!projected.record() || !projected.cohortPresent()) {
            return null;
        }
        Optional<EventId> eventId = eventIdOf(projected.eventId());
        Cohort cohort = cohortOf(projected.customer(), projected.plan(), projected.project());
        return eventId.isEmpty() || cohort == null ? null : new Peeked(eventId.get(), cohort);
    }

    public DecodeResult decode(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length < HEADER_LENGTH || value[0] != MAGIC) {
            return DecodeResult.Rejected.undecoded(DlqReason.UNDECODABLE, value == null
                    ? "the record has no value (tombstone)"
                    : "the value is not in the Confluent wire format (magic byte 0, 4-byte schema id)");
        }
        Object decoded;
        try {
            decoded = deserializer.deserialize(record.topic(), record.headers(), value);
        } catch (RuntimeException e) {
            return classify(e);
        }
        if (!(decoded instanceof GenericRecord payload)) {
            return DecodeResult.Rejected.undecoded(DlqReason.NOT_AN_EVENT, "the value is a "
                    + (decoded == null ? "null" : decoded.getClass().getSimpleName())
                    + ", but events are Avro records");
        }
        return toEvent(record, payload);
    }

    private static DecodeResult toEvent(ConsumerRecord<byte[], byte[]> record, GenericRecord payload) {
        String type = payload.getSchema().getFullName();
        Optional<EventId> eventId = eventIdOf(payload);
        Cohort cohort = cohortOf(payload);
        if (eventId.isEmpty()) {
            return new DecodeResult.Rejected(DlqReason.MISSING_EVENT_ID, "the " + type
                    + " record has no non-blank top-level '" + EventConvention.EVENT_ID_FIELD + "'",
                    eventId, Optional.of(type), cohort == null ? Cohort.none() : cohort);
        }
        if (cohort == null) {
            return new DecodeResult.Rejected(DlqReason.MISSING_COHORT, "the " + type
                    + " record has no top-level '" + EventConvention.COHORT_FIELD + "' record",
                    eventId, Optional.of(type), Cohort.none());
        }
        if (record.key() == null) {
            return new DecodeResult.Rejected(DlqReason.NOT_AN_EVENT, "the record has no key; events"
                    + " are keyed by the entity they belong to", eventId, Optional.of(type), cohort);
        }
        return new DecodeResult.Decoded(new Event(eventId.get(), Instant.ofEpochMilli(record.timestamp()),
                type, cohort, payload, record.topic(), record.partition(), record.offset(), record.key(),
                record.headers()));
    }

    private static Optional<EventId> eventIdOf(GenericRecord payload) {
        if (!payload.hasField(EventConvention.EVENT_ID_FIELD)) {
            return Optional.empty();
        }
        return eventIdOf(payload.get(EventConvention.EVENT_ID_FIELD));
    }

    private static Optional<EventId> eventIdOf(Object value) {
        if (value == null || value.toString().isBlank()
                || value.toString().length() > EventId.MAX_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new EventId(value.toString()));
    }

    /** The cohort, or {@code null} when the field is missing or not a record. */
    private static Cohort cohortOf(GenericRecord payload) {
        if (!payload.hasField(EventConvention.COHORT_FIELD)
                || !(payload.get(EventConvention.COHORT_FIELD) instanceof GenericRecord cohort)) {
            return null;
        }
        return cohortOf(text(cohort, "customer"), text(cohort, "plan"), text(cohort, "project"));
    }

    private static Cohort cohortOf(String customer, String plan, String project) {
        try {
            return Cohort.of(customer, plan, project);
        } catch (IllegalArgumentException blankDimension) {
            return null;
        }
    }

    private static String text(GenericRecord record, String field) {
        Object value = record.hasField(field) ? record.get(field) : null;
        return value == null ? null : value.toString();
    }

    private static DecodeResult classify(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                if (registry.isNotFound() || registry.httpStatus() == 404) {
                    return DecodeResult.Rejected.undecoded(DlqReason.UNKNOWN_SCHEMA,
                            "the schema id is unknown to the registry: " + registry.getMessage());
                }
                throw new RegistryUnavailableException(registry);
            }
        }
        return DecodeResult.Rejected.undecoded(DlqReason.UNDECODABLE, "the Avro body does not decode: "
                + e.getMessage());
    }
}
