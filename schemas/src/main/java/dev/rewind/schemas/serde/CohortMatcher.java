package dev.rewind.schemas.serde;

import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import dev.rewind.schemas.serde.internal.AvroCursor;
import dev.rewind.schemas.serde.internal.AvroFormatException;
import dev.rewind.schemas.serde.internal.CohortLayout;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells which of some known {@link CohortValues} an event's cohort dimensions hold, reading a value
 * in the schema registry {@linkplain WireFormat wire format} without decoding it and without
 * building a string: a cheaper {@link EventProjection} for readers that only need a yes or no against
 * known values (a replay's selector, the routes in force), issue 12.
 *
 * <p>For each writer schema id it compiles, once, a pass over the Avro binary (the Avro
 * specification, "Binary Encoding") that skips every field by its encoded length and compares the
 * UTF-8 bytes of the {@code eventId} and of the cohort's {@code customer}, {@code plan} and
 * {@code project} with the values' bytes, wherever the writer puts them; a dimension the writer
 * lacks reads as absent, as a full decode with the writer's schema reads it. Writer schemas whose
 * fields have other types, and values the pass cannot judge (a null event id or cohort, text that may
 * be blank), answer {@link #UNDETERMINED}: ask the projection.
 *
 * <p>The answer is a {@code long} so that matching allocates nothing per record: unpack it with
 * {@link #dimension}, {@link #eventId} and {@link #eventIdBytes}; each text reads as {@link #ABSENT},
 * {@link #UNSURE}, {@link #OTHER} or {@link #MATCH}{@code + i} for the dimension's value {@code i}.
 *
 * <p>Thread-safe. Failures are Kafka {@link SerializationException}s like the projection's: the whole
 * body is checked as the projection checks it, with the limits of {@link AvroLimits}, and a malformed
 * or truncated body fails in time linear in its length, allocating nothing for a declared length.
 */
public final class CohortMatcher {

    static {
        AvroLimits.install();
    }

    /** The answer when only a projection (or a full decode) can tell. */
    public static final long UNDETERMINED = CohortLayout.UNDETERMINED;
    /** The field is missing from the writer's schema or its value is null. */
    public static final int ABSENT = CohortLayout.ABSENT;
    /** Text that may be blank ({@link String#isBlank}): only a decode can tell. */
    public static final int UNSURE = CohortLayout.UNSURE;
    /** Text that is not blank and equals none of the dimension's values. */
    public static final int OTHER = CohortLayout.OTHER;
    /** Text equal to the dimension's value {@code code - MATCH}. */
    public static final int MATCH = CohortLayout.MATCH;
    /** Dimension indexes, as {@link CohortValues} orders them. */
    public static final int CUSTOMER = 0;
    /** The plan's index. */
    public static final int PLAN = 1;
    /** The project's index. */
    public static final int PROJECT = 2;

    private record Compiled(Schema writer, CohortLayout layout) {
    }

    private final SchemaRegistryClient client;
    private final Map<Integer, Compiled> compiled = new ConcurrentHashMap<>();

    /** A matcher reading writer schemas through {@code client}. */
    public CohortMatcher(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Matches one wire-format value.
     *
     * @param topic the topic it was read from, for error messages
     * @param message the value: magic byte, schema id, Avro binary
     * @param values the values to recognise
     * @return the packed answer, or {@link #UNDETERMINED}
     * @throws SerializationException when the value is not in the wire format, its schema id is unknown
     *     or the registry cannot be reached (the cause is then a {@link SchemaRegistryException}), or the
     *     Avro body does not match its schema
     */
    public long match(String topic, byte[] message, CohortValues values) {
        int id = WireFormat.schemaId(message);
        Compiled schema = compiled.get(id);
        if (schema == null) {
            schema = compiled.computeIfAbsent(id, key -> compile(id, topic));
        }
        if (schema.layout() == null) {
            return UNDETERMINED;
        }
        try {
            return schema.layout().read(new AvroCursor(message, WireFormat.HEADER_SIZE, message.length),
                    values.bytes());
        } catch (AvroFormatException | IndexOutOfBoundsException | StackOverflowError e) {
            throw new SerializationException("could not match the cohort of an Avro " + schema.writer().getFullName()
                    + " (schema id " + id + ") of " + message.length + " bytes from topic " + topic + ": the payload"
                    + " does not match the writer's schema or is truncated (" + e + ")", e);
        }
    }

    /** The code of dimension {@code index} ({@link #CUSTOMER}, {@link #PLAN}, {@link #PROJECT}) in an answer. */
    public static int dimension(long match, int index) {
        return CohortLayout.dimension(match, index);
    }

    /**
     * The event id's code in an answer: {@link #UNSURE} or {@link #OTHER} (a null event id answers
     * {@link #UNDETERMINED}).
     */
    public static int eventId(long match) {
        return CohortLayout.eventId(match);
    }

    /** The event id's length in UTF-8 bytes in an answer (at least its length in UTF-16 chars). */
    public static int eventIdBytes(long match) {
        return CohortLayout.eventIdBytes(match);
    }

    private Compiled compile(int id, String topic) {
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException((e.isNotFound() ? "unknown schema id " : "could not fetch schema id ")
                    + id + " of a message from topic " + topic + ": " + e.getMessage(), e);
        }
        return new Compiled(writer, CohortLayout.compile(writer));
    }
}
