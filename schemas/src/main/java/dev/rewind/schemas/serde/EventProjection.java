package dev.rewind.schemas.serde;

import dev.rewind.schemas.EventConvention;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the routing fields of an event ({@value EventConvention#EVENT_ID_FIELD} and the
 * {@value EventConvention#COHORT_FIELD}'s {@code customer}, {@code plan} and {@code project}) from a
 * value in the schema registry {@linkplain WireFormat wire format} without decoding the rest of the
 * payload: an Avro projection.
 *
 * <p>For each writer schema id it derives a reader schema holding only those fields, with the
 * writer's own types and names, and resolves it against the writer schema by Avro's schema
 * resolution (the Avro specification, "Schema Resolution"); the resolved reader is cached per id.
 * Reading then skips every other field (a string or bytes field is skipped by its length, without
 * building a string). A field the writer puts elsewhere, adds or gives a default is read wherever the
 * writer's schema puts it, so every writer schema of an evolved subject projects correctly. A
 * {@code cohort} typed as a union (e.g. {@code ["null", Cohort]}) is projected branch by branch.
 *
 * <p>Used by the engine to decide an event's owner before (and often instead of) decoding it, and by
 * readers that select events by cohort (replays). The whole value is still checked for length:
 * skipping reads every field, so a truncated value fails here as it fails a full decode.
 *
 * <p>Thread-safe. Failures are Kafka {@link SerializationException}s like
 * {@link AvroDeserializer}'s; one caused by the registry carries its {@link SchemaRegistryException}.
 */
public final class EventProjection {

    static {
        AvroLimits.install();
    }

    private static final List<String> COHORT_DIMENSIONS = List.of("customer", "plan", "project");

    /**
     * What the projection read. Strings are {@code null} where the writer's schema has no such field
     * or the value is null.
     *
     * @param schemaId the writer schema's id
     * @param type the writer schema's full name
     * @param record whether the writer schema is a record at all (else nothing else is read)
     * @param eventId the {@code eventId} as text
     * @param cohortPresent whether the value has a non-null {@code cohort} record
     * @param customer the cohort's customer
     * @param plan the cohort's plan
     * @param project the cohort's project
     */
    public record Projected(int schemaId, String type, boolean record, String eventId, boolean cohortPresent,
                            String customer, String plan, String project) {
        /** Validates. */
        public Projected {
            Objects.requireNonNull(type, "type");
        }
    }

    private final SchemaRegistryClient client;
    private final Map<Integer, Projector> projectors = new ConcurrentHashMap<>();

    /** A projection reading writer schemas through {@code client}. */
    public EventProjection(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Projects one wire-format value.
     *
     * @param topic the topic it was read from, for error messages
     * @param message the value: magic byte, schema id, Avro binary
     * @throws SerializationException when the value is not in the wire format, its schema id is
     *     unknown or the registry cannot be reached (the cause is then a
     *     {@link SchemaRegistryException}), or the Avro body does not match its schema
     */
    public Projected project(String topic, byte[] message) {
        int id = WireFormat.schemaId(message);
        Projector projector = projectors.get(id);
        if (projector == null) {
            projector = projectors.computeIfAbsent(id, key -> new Projector(id, writerSchema(id, topic)));
        }
        return projector.read(topic, message);
    }

    /**
     * The reader schema projecting {@code writer}: a record of the same name with only
     * {@code eventId} and {@code cohort} (itself cut down to its dimensions), each with the writer's
     * type; {@code null} when the writer has neither field or is not a record.
     */
    static Schema readerSchemaFor(Schema writer) {
        if (writer.getType() != Schema.Type.RECORD) {
            return null;
        }
        List<Schema.Field> fields = new ArrayList<>(2);
        Schema.Field eventId = writer.getField(EventConvention.EVENT_ID_FIELD);
        if (eventId != null) {
            fields.add(new Schema.Field(eventId.name(), eventId.schema()));
        }
        Schema.Field cohort = writer.getField(EventConvention.COHORT_FIELD);
        if (cohort != null) {
            fields.add(new Schema.Field(cohort.name(), cohortReader(cohort.schema())));
        }
        if (fields.isEmpty()) {
            return null;
        }
        return Schema.createRecord(writer.getName(), null, writer.getNamespace(), false, fields);
    }

    private static Schema cohortReader(Schema cohort) {
        if (cohort.getType() == Schema.Type.UNION) {
            return Schema.createUnion(cohort.getTypes().stream().map(EventProjection::cohortReader).toList());
        }
        if (cohort.getType() != Schema.Type.RECORD) {
            return cohort;
        }
        List<Schema.Field> fields = new ArrayList<>(3);
        for (String dimension : COHORT_DIMENSIONS) {
            Schema.Field field = cohort.getField(dimension);
            if (field != null) {
                fields.add(new Schema.Field(field.name(), field.schema()));
            }
        }
        return Schema.createRecord(cohort.getName(), null, cohort.getNamespace(), false, fields);
    }

    private Schema writerSchema(int id, String topic) {
        try {
            return client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException((e.isNotFound() ? "unknown schema id " : "could not fetch schema id ")
                    + id + " of a message from topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * A generic reader that reads every string straight to {@link String}. The projection turns each
     * string it reads into text anyway; the generic reader's per-string look-up of the string class
     * ({@code ReaderCache.getStringClass}) and its {@code Utf8} copy cost about a fifth of a replay
     * thread's CPU (bench/results/profiles.md, replay) and a quarter of a projection's. The decoder still
     * applies Avro's string length limit ({@link AvroLimits}).
     */
    static final class TextReader extends GenericDatumReader<GenericRecord> {
        TextReader(Schema writer, Schema reader) {
            super(writer, reader, GenericData.get());
        }

        @Override
        protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
            return in.readString();
        }
    }

    /** The projection of one writer schema. */
    private static final class Projector {
        private final int id;
        private final Schema writer;
        private final DatumReader<GenericRecord> reader;

        Projector(int id, Schema writer) {
            this.id = id;
            this.writer = writer;
            Schema projection = readerSchemaFor(writer);
            this.reader = projection == null ? null : new TextReader(writer, projection);
        }

        Projected read(String topic, byte[] message) {
            if (writer.getType() != Schema.Type.RECORD) {
                return new Projected(id, writer.getFullName(), false, null, false, null, null, null);
            }
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(message, WireFormat.HEADER_SIZE,
                    message.length - WireFormat.HEADER_SIZE, null);
            GenericRecord read;
            try {
                if (reader == null) {
                    // neither field: still check that the body is whole, as a full decode would
                    new GenericDatumReader<>(writer, writer, GenericData.get()).read(null, decoder);
                    return new Projected(id, writer.getFullName(), true, null, false, null, null, null);
                }
                read = reader.read(null, decoder);
            } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException
                     | UnsupportedOperationException | OutOfMemoryError | StackOverflowError e) {
                // UnsupportedOperationException: Avro's answer to a declared length beyond what the VM can allocate
                throw new SerializationException("could not project an Avro " + writer.getFullName() + " (schema id "
                        + id + ") of " + message.length + " bytes from topic " + topic + ": the payload does not match"
                        + " the writer's schema or is truncated (" + e + ")", e);
            }
            Object eventId = read.hasField(EventConvention.EVENT_ID_FIELD) ? read.get(EventConvention.EVENT_ID_FIELD)
                    : null;
            Object cohort = read.hasField(EventConvention.COHORT_FIELD) ? read.get(EventConvention.COHORT_FIELD)
                    : null;
            if (!(cohort instanceof GenericRecord dimensions)) {
                return new Projected(id, writer.getFullName(), true, text(eventId), false, null, null, null);
            }
            return new Projected(id, writer.getFullName(), true, text(eventId), true, text(dimensions, "customer"),
                    text(dimensions, "plan"), text(dimensions, "project"));
        }

        private static String text(GenericRecord record, String field) {
            return record.hasField(field) ? text(record.get(field)) : null;
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }
}
