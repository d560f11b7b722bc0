package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.runtime.internal.RegistryUnavailableException;
import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventId;
import dev.rewind.schemas.EventConvention;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.CohortMatcher;
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
    private final CohortMatcher matcher;

    /** A decoder that only decodes in full ({@link #peek} always answers {@code null}). */
    public EventDecoder(Deserializer<Object> deserializer) {
        this(deserializer, null);
    }

    /**
     * A decoder that can also {@linkplain #peek peek} at the routing fields through {@code projection}
     * (which must read the same registry as {@code deserializer}).
     */
    public EventDecoder(Deserializer<Object> deserializer, EventProjection projection) {
        this(deserializer, projection, null);
    }

    /**
     * A decoder that can also {@linkplain #peekCohort match} cohorts against known ids through
     * {@code matcher} (all three reading the same registry).
     */
    public EventDecoder(Deserializer<Object> deserializer, EventProjection projection, CohortMatcher matcher) {
        this.deserializer = deserializer;
        this.projection = projection;
        this.matcher = matcher;
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

    /**
     * The record's cohort as far as {@code keys} tell events apart, read without decoding the payload
     * and, where the {@link CohortMatcher} can tell, without building a string (issue 12): the
     * {@linkplain CohortKeys canonical} cohort, each dimension the key it equals or absent. Where the
     * matcher cannot tell (no matcher, a writer schema of other types, text that may be blank, a body
     * it rejects), the cohort {@link #peek} reads. Either way {@code null} exactly when {@link #peek}
     * answers {@code null}, and every selector of {@code keys} decides the answer as it decides the
     * event's cohort.
     *
     * @throws RegistryUnavailableException when the registry cannot be reached (retry the batch)
     */
    public Cohort peekCohort(ConsumerRecord<byte[], byte[]> record, CohortKeys keys) {
        byte[] value = record.value();
        if (matcher == null || projection == null || record.key() == null || value == null
                || value.length < HEADER_LENGTH || value[0] != MAGIC) {
            return cohortOf(peek(record));
        }
        long match;
        try {
            match = matcher.match(record.topic(), value, keys.values());
        } catch (RuntimeException e) {
            classify(e); // throws when the registry is unavailable
            // a body the matcher rejects: the projection, more lenient where Avro is, says what it reads
            return cohortOf(peek(record));
        }
        if (match == CohortMatcher.UNDETERMINED || CohortMatcher.eventId(match) != CohortMatcher.OTHER
                || CohortMatcher.eventIdBytes(match) > EventId.MAX_LENGTH
                || CohortMatcher.dimension(match, CohortMatcher.CUSTOMER) == CohortMatcher.UNSURE
                || CohortMatcher.dimension(match, CohortMatcher.PLAN) == CohortMatcher.UNSURE
                || CohortMatcher.dimension(match, CohortMatcher.PROJECT) == CohortMatcher.UNSURE) {
            // a null or possibly blank or long id or dimension: the projection reads it as text
            return cohortOf(peek(record));
        }
        return keys.canonical(match);
    }

    private static Cohort cohortOf(Peeked peeked) {
        return peeked == null ? null : peeked.cohort();
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
