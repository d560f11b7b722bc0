package dev.rewind.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The byte matcher answers what a full decode (and the projection) reads, for every writer schema and value. */
class CohortMatcherTest {

    private static final CohortValues VALUES = CohortValues.of(List.of("acme", "cust-42"), List.of("pro", "enterprise"),
            List.of("p-1"));

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroDeserializer deserializer = new AvroDeserializer(registry);
    private final EventProjection projection = new EventProjection(registry);
    private final CohortMatcher matcher = new CohortMatcher(registry);

    @Test
    void matchesWhatAFullDecodeReadsForRandomWriterSchemasAndValues() {
        Random random = new Random(20261201L);
        RandomEventSchemas events = new RandomEventSchemas(random);
        int decided = 0;
        for (int s = 0; s < 300; s++) {
            RandomEventSchemas.EventSchema writer = events.eventSchema();
            int id = registry.register("subject-" + s, writer.schema());
            for (int v = 0; v < 20; v++) {
                GenericRecord event = (GenericRecord) events.value(writer.schema(), 0);
                byte[] message = WireFormat.frame(id, encode(writer.schema(), event));

                long match = matcher.match("t", message, VALUES);

                GenericRecord full = (GenericRecord) deserializer.deserialize("t", message);
                String context = writer.schema() + " " + full;
                Object eventId = full.get("eventId");
                Object cohort = full.get("cohort");
                if (!writer.supported() || eventId == null || cohort == null) {
                    assertThat(match).as(context).isEqualTo(CohortMatcher.UNDETERMINED);
                    continue;
                }
                decided++;
                assertThat(match).as(context).isNotEqualTo(CohortMatcher.UNDETERMINED);
                assertThat(CohortMatcher.eventId(match)).as(context).isEqualTo(code(eventId.toString(), List.of()));
                assertThat(CohortMatcher.eventIdBytes(match)).as(context)
                        .isEqualTo(eventId.toString().getBytes(StandardCharsets.UTF_8).length);
                GenericRecord dimensions = (GenericRecord) cohort;
                EventProjection.Projected projected = projection.project("t", message);
                List<String> fromProjection = Arrays.asList(projected.customer(), projected.plan(), projected.project());
                for (int d = 0; d < 3; d++) {
                    String name = List.of("customer", "plan", "project").get(d);
                    Object text = dimensions.hasField(name) ? dimensions.get(name) : null;
                    int expected = text == null ? CohortMatcher.ABSENT : code(text.toString(), VALUES.values(d));
                    assertThat(CohortMatcher.dimension(match, d)).as(name + " of " + context).isEqualTo(expected);
                    assertThat(code(fromProjection.get(d), VALUES.values(d))).as(name + " projected").isEqualTo(expected);
                }
            }
        }
        assertThat(decided).as("values the matcher decided").isGreaterThan(3_000);
    }

    @Test
    void aBodyTheMatcherReadsAfterTruncationOrCorruptionIsReadTheSameByTheProjection() {
        Random random = new Random(42L);
        RandomEventSchemas events = new RandomEventSchemas(random);
        int rejected = 0;
        for (int s = 0; s < 200; s++) {
            RandomEventSchemas.EventSchema writer = events.eventSchema();
            int id = registry.register("subject-" + s, writer.schema());
            for (int v = 0; v < 20; v++) {
                byte[] message = WireFormat.frame(id, encode(writer.schema(),
                        (GenericRecord) events.value(writer.schema(), 0)));
                byte[] bad = random.nextBoolean()
                        ? Arrays.copyOf(message, WireFormat.HEADER_SIZE + random.nextInt(message.length - WireFormat.HEADER_SIZE))
                        : corrupt(message, random);
                long match;
                try {
                    match = matcher.match("t", bad, VALUES);
                } catch (SerializationException e) {
                    rejected++;
                    assertThat(e).hasMessageContaining("schema id " + id);
                    continue;
                }
                if (match == CohortMatcher.UNDETERMINED) {
                    continue;
                }
                // what the matcher reads, the (more lenient) projection reads too, and the same
                EventProjection.Projected projected = projection.project("t", bad);
                List<String> texts = Arrays.asList(projected.customer(), projected.plan(), projected.project());
                for (int d = 0; d < 3; d++) {
                    assertThat(CohortMatcher.dimension(match, d)).isEqualTo(code(texts.get(d), VALUES.values(d)));
                }
                assertThat(CohortMatcher.eventId(match)).isEqualTo(code(projected.eventId(), List.of()));
            }
        }
        assertThat(rejected).as("bodies rejected").isGreaterThan(500);
    }

    @Test
    void hostileLengthsAndCountsFailFastWithoutAllocatingWhatTheyDeclare() {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"E\",\"fields\":["
                + "{\"name\":\"nulls\",\"type\":{\"type\":\"array\",\"items\":\"null\"}},"
                + "{\"name\":\"eventId\",\"type\":\"string\"},"
                + "{\"name\":\"cohort\",\"type\":{\"type\":\"record\",\"name\":\"C\",\"fields\":"
                + "[{\"name\":\"customer\",\"type\":\"string\"}]}}]}");
        int id = registry.register("hostile", schema);
        byte[] tail = {2, 'e', 8, 'a', 'c', 'm', 'e'};

        // 999,999 nulls take no bytes: passed over by count, not one by one
        byte[] manyNulls = message(id, concat(varlong(999_999), new byte[] {0}, tail));
        // over Avro's collection limit (AvroLimits): fails as a full decode fails
        byte[] tooManyNulls = message(id, concat(varlong(2_000_000), new byte[] {0}, tail));
        // a block declaring 2^62 items in a byte size beyond the body
        byte[] hugeBlock = message(id, concat(varlong(-5), varlong(1L << 40), tail));
        // a string declaring 2^31 - 1 bytes
        byte[] hugeString = message(id, concat(new byte[] {0}, varlong(Integer.MAX_VALUE), new byte[] {'e'}));
        // a negative length
        byte[] negative = message(id, concat(new byte[] {0}, varlong(-3), tail));
        // a varint that never ends
        byte[] endless = message(id, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});

        assertThat(CohortMatcher.dimension(matcher.match("t", manyNulls, VALUES), CohortMatcher.CUSTOMER))
                .isEqualTo(CohortMatcher.MATCH);
        for (byte[] hostile : List.of(tooManyNulls, hugeBlock, hugeString, negative, endless)) {
            assertThatThrownBy(() -> matcher.match("t", hostile, VALUES)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("E (schema id " + id + ")");
        }
        for (byte[] hostile : List.of(tooManyNulls, hugeString, negative, endless)) {
            assertThatThrownBy(() -> deserializer.deserialize("t", hostile)).isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void aSchemaWithoutTheConventionsShapeIsLeftToTheProjection() {
        Schema other = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Other\",\"fields\":"
                + "[{\"name\":\"x\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(other);
        record.put("x", 1);
        int id = registry.register("other", other);
        int text = registry.register("text", Schema.create(Schema.Type.STRING));

        assertThat(matcher.match("t", WireFormat.frame(id, encode(other, record)), VALUES))
                .isEqualTo(CohortMatcher.UNDETERMINED);
        assertThat(matcher.match("t", WireFormat.frame(text, new byte[] {2, 'a'}), VALUES))
                .isEqualTo(CohortMatcher.UNDETERMINED);
    }

    @Test
    void anUnknownSchemaIdFailsWithTheRegistrysError() {
        assertThatThrownBy(() -> matcher.match("t", WireFormat.frame(4711, new byte[] {2, 'a'}), VALUES))
                .isInstanceOf(SerializationException.class).hasMessageContaining("4711")
                .hasCauseInstanceOf(SchemaRegistryException.class);
        assertThatThrownBy(() -> matcher.match("t", new byte[] {1, 2}, VALUES)).isInstanceOf(SerializationException.class);
    }

    @Test
    void valuesMustBeNonBlankAsciiAsSelectorIdsAre() {
        assertThatThrownBy(() -> CohortValues.of(List.of("Zürich"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer").hasMessageContaining("ASCII");
        assertThatThrownBy(() -> CohortValues.of(List.of(), List.of(" "), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan");
    }

    /** The code a matcher must give {@code text} (null: absent) against {@code values}. */
    private static int code(String text, List<String> values) {
        if (text == null) {
            return CohortMatcher.ABSENT;
        }
        int index = values.indexOf(text);
        if (index >= 0) {
            return CohortMatcher.MATCH + index;
        }
        // certainly not blank: an ASCII character that is no whitespace; so blank text is always UNSURE
        boolean sure = text.chars().anyMatch(c -> c < 0x80 && !Character.isWhitespace(c));
        return sure ? CohortMatcher.OTHER : CohortMatcher.UNSURE;
    }

    private static byte[] corrupt(byte[] message, Random random) {
        byte[] bad = message.clone();
        for (int i = 1 + random.nextInt(3); i > 0 && bad.length > WireFormat.HEADER_SIZE; i--) {
            int at = WireFormat.HEADER_SIZE + random.nextInt(bad.length - WireFormat.HEADER_SIZE);
            bad[at] = (byte) random.nextInt(256);
        }
        return bad;
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] message(int id, byte[] body) {
        return WireFormat.frame(id, body);
    }

    private static byte[] varlong(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((zigzag & ~0x7fL) != 0) {
            out.write((int) ((zigzag & 0x7f) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
