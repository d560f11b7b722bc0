package dev.rewind.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventProjectionTest {

    private static final String COHORT = "{\"type\":\"record\",\"name\":\"Cohort\",\"namespace\":\"dev.rewind.schemas.avro\","
            + "\"fields\":[{\"name\":\"customer\",\"type\":[\"null\",\"string\"],\"default\":null},"
            + "{\"name\":\"plan\",\"type\":[\"null\",\"string\"],\"default\":null},"
            + "{\"name\":\"project\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    /** The same cohort with a dimension the engine does not read, first. */
    private static final String COHORT_WITH_REGION = "{\"type\":\"record\",\"name\":\"Cohort\","
            + "\"namespace\":\"dev.rewind.schemas.avro\",\"fields\":[{\"name\":\"region\",\"type\":\"string\","
            + "\"default\":\"eu\"},{\"name\":\"project\",\"type\":[\"null\",\"string\"],\"default\":null},"
            + "{\"name\":\"customer\",\"type\":[\"null\",\"string\"],\"default\":null},"
            + "{\"name\":\"plan\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    /** One subject's evolution: fields moved, added with defaults, the cohort made optional and widened. */
    private static final List<Schema> EVOLUTION = List.of(
            schema("[{\"name\":\"eventId\",\"type\":\"string\"},{\"name\":\"cohort\",\"type\":" + COHORT + "},"
                    + "{\"name\":\"sha\",\"type\":\"string\"}]"),
            schema("[{\"name\":\"sha\",\"type\":\"string\"},{\"name\":\"size\",\"type\":\"long\",\"default\":0},"
                    + "{\"name\":\"cohort\",\"type\":" + COHORT + "},{\"name\":\"eventId\",\"type\":\"string\"}]"),
            schema("[{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"},\"default\":[]},"
                    + "{\"name\":\"eventId\",\"type\":[\"null\",\"string\"],\"default\":null},"
                    + "{\"name\":\"cohort\",\"type\":[\"null\"," + COHORT_WITH_REGION + "],\"default\":null},"
                    + "{\"name\":\"sha\",\"type\":\"string\"}]"));

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer serializer = new AvroSerializer(registry);
    private final AvroDeserializer deserializer = new AvroDeserializer(registry);
    private final EventProjection projection = new EventProjection(registry);

    @Test
    void readsTheEventIdAndCohortOfEveryWriterSchemaOfAnEvolvedSubjectAsAFullDecodeDoes() {
        for (int version = 0; version < EVOLUTION.size(); version++) {
            Schema schema = EVOLUTION.get(version);
            byte[] message = serializer.serialize("commits", event(schema, "e-" + version, "acme", "pro", "p" + version));

            EventProjection.Projected projected = projection.project("commits", message);

            GenericRecord full = (GenericRecord) deserializer.deserialize("commits", message);
            GenericRecord cohort = (GenericRecord) full.get("cohort");
            assertThat(projected.schemaId()).isEqualTo(WireFormat.schemaId(message));
            assertThat(projected.type()).isEqualTo("test.CommitPushed");
            assertThat(projected.record()).isTrue();
            assertThat(projected.eventId()).isEqualTo(full.get("eventId").toString()).isEqualTo("e-" + version);
            assertThat(projected.cohortPresent()).isTrue();
            assertThat(projected.customer()).isEqualTo(cohort.get("customer").toString()).isEqualTo("acme");
            assertThat(projected.plan()).isEqualTo("pro");
            assertThat(projected.project()).isEqualTo("p" + version);
        }
        assertThat(registry.versions("commits-value")).hasSize(EVOLUTION.size());
    }

    @Test
    void nullDimensionsANullCohortAndANullEventIdReadAsAbsent() {
        Schema optional = EVOLUTION.get(2);
        GenericRecord noCohort = event(optional, null, null, null, null);
        noCohort.put("cohort", null);
        GenericRecord partial = event(optional, "e-1", null, "pro", null);

        EventProjection.Projected none = projection.project("commits", serializer.serialize("commits", noCohort));
        EventProjection.Projected some = projection.project("commits", serializer.serialize("commits", partial));

        assertThat(none.eventId()).isNull();
        assertThat(none.cohortPresent()).isFalse();
        assertThat(some.cohortPresent()).isTrue();
        assertThat(some.customer()).isNull();
        assertThat(some.plan()).isEqualTo("pro");
        assertThat(some.project()).isNull();
    }

    @Test
    void aRecordWithoutTheConventionsFieldsAndANonRecordProjectToNothing() {
        Schema other = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Other\",\"fields\":"
                + "[{\"name\":\"x\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(other);
        record.put("x", 1);

        EventProjection.Projected fieldless = projection.project("t", serializer.serialize("t", record));
        EventProjection.Projected text = projection.project("s", serializer.serialize("s", "just a string"));

        assertThat(fieldless.record()).isTrue();
        assertThat(fieldless.eventId()).isNull();
        assertThat(fieldless.cohortPresent()).isFalse();
        assertThat(text.record()).isFalse();
        assertThat(text.type()).isEqualTo("string");
    }

    @Test
    void readsMultiByteAndLongStringsAsTextAsAFullDecodeDoes() {
        String eventId = "é-" + "x".repeat(5_000) + "-\uD83D\uDE80";
        String customer = "Zürich-\u05D0\u05D1-\u202E";
        byte[] message = serializer.serialize("commits", event(EVOLUTION.get(2), eventId, customer, "pro", "p"));

        EventProjection.Projected projected = projection.project("commits", message);

        GenericRecord full = (GenericRecord) deserializer.deserialize("commits", message);
        assertThat(projected.eventId()).isEqualTo(full.get("eventId").toString()).isEqualTo(eventId);
        assertThat(projected.customer()).isEqualTo(((GenericRecord) full.get("cohort")).get("customer").toString())
                .isEqualTo(customer);
    }

    @Test
    void aStringDeclaringMoreThanTheVmCanAllocateFailsTheProjectionAndTheDecodeAsSerializationErrors() {
        byte[] valid = serializer.serialize("commits", event(EVOLUTION.get(0), "e-1", "acme", "pro", "p1"));
        // the eventId, first field, declares 2^31 - 1 bytes (zig-zag varint fe ff ff ff 0f)
        byte[] bomb = Arrays.copyOf(valid, WireFormat.HEADER_SIZE + 5);
        bomb[WireFormat.HEADER_SIZE] = (byte) 0xfe;
        bomb[WireFormat.HEADER_SIZE + 1] = (byte) 0xff;
        bomb[WireFormat.HEADER_SIZE + 2] = (byte) 0xff;
        bomb[WireFormat.HEADER_SIZE + 3] = (byte) 0xff;
        bomb[WireFormat.HEADER_SIZE + 4] = (byte) 0x0f;

        assertThatThrownBy(() -> projection.project("commits", bomb)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("test.CommitPushed");
        assertThatThrownBy(() -> deserializer.deserialize("commits", bomb)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("test.CommitPushed");
    }

    @Test
    void aTruncatedValueFailsAsAFullDecodeFails() {
        byte[] message = serializer.serialize("commits", event(EVOLUTION.get(0), "e-1", "acme", "pro", "p1"));
        // the cut falls in the last field, after everything the projection keeps
        byte[] truncated = Arrays.copyOf(message, message.length - 2);

        assertThatThrownBy(() -> projection.project("commits", truncated)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("test.CommitPushed");
        assertThatThrownBy(() -> deserializer.deserialize("commits", truncated))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void anUnknownSchemaIdFailsWithTheRegistrysError() {
        byte[] unknown = WireFormat.frame(4711, new byte[] {2, 'a'});

        assertThatThrownBy(() -> projection.project("commits", unknown)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("4711").hasCauseInstanceOf(SchemaRegistryException.class);
        assertThatThrownBy(() -> projection.project("commits", new byte[] {1, 2})).isInstanceOf(SerializationException.class);
    }

    @Test
    void theReaderSchemaKeepsOnlyTheRoutingFieldsWithTheWritersTypes() {
        Schema reader = EventProjection.readerSchemaFor(EVOLUTION.get(2));

        assertThat(reader.getFullName()).isEqualTo("test.CommitPushed");
        assertThat(reader.getFields()).extracting(Schema.Field::name).containsExactly("eventId", "cohort");
        Schema cohort = reader.getField("cohort").schema().getTypes().get(1);
        assertThat(cohort.getFields()).extracting(Schema.Field::name).containsExactly("customer", "plan", "project");
    }

    private static Schema schema(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"CommitPushed\",\"namespace\":\"test\","
                + "\"fields\":" + fields + "}");
    }

    private static GenericRecord event(Schema schema, String eventId, String customer, String plan, String project) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            switch (field.name()) {
                case "eventId" -> record.put("eventId", eventId);
                case "sha" -> record.put("sha", "abc123");
                case "size" -> record.put("size", 42L);
                case "tags" -> record.put("tags", List.of("x", "y"));
                case "cohort" -> {
                    Schema cohortSchema = field.schema().getType() == Schema.Type.UNION
                            ? field.schema().getTypes().get(1) : field.schema();
                    GenericRecord cohort = new GenericData.Record(cohortSchema);
                    cohort.put("customer", customer);
                    cohort.put("plan", plan);
                    cohort.put("project", project);
                    if (cohortSchema.getField("region") != null) {
                        cohort.put("region", "us");
                    }
                    record.put("cohort", cohort);
                }
                default -> throw new IllegalStateException(field.name());
            }
        }
        return record;
    }
}
