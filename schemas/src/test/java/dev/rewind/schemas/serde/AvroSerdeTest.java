package dev.rewind.schemas.serde;

import static dev.rewind.schemas.serde.SubjectNameStrategyTest.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.TargetKind;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final Map<String, Object> SPECIFIC = Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true);

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer serializer = new AvroSerializer(registry);

    @Test
    void writesMagicByteZeroThenTheBigEndianIdThenPlainAvroBinary() throws IOException {
        byte[] message = serializer.serialize("commits", commit());

        int id = registry.getLatest("commits-value").id();
        byte[] avro = plainAvro(commit());
        assertThat(message[0]).isZero();
        assertThat(Arrays.copyOfRange(message, 1, 5)).containsExactly(ByteBuffer.allocate(4).putInt(id).array());
        assertThat(Arrays.copyOfRange(message, 5, message.length)).containsExactly(avro);
    }

    @Test
    void aSpecificRecordComesBackAsTheSameSpecificRecord() {
        AvroDeserializer deserializer = new AvroDeserializer(registry, SPECIFIC, false);

        Object read = deserializer.deserialize("commits", serializer.serialize("commits", commit()));

        assertThat(read).isInstanceOf(CommitPushed.class).isEqualTo(commit());
    }

    @Test
    void timestampFieldsOfGeneratedClassesSurviveTheRoundTrip() {
        RouteChange change = RouteChange.newBuilder().setChangeId("c-1").setComponent("release-coordinator")
                .setSelector("project:p1").setTarget("beta").setTargetKind(TargetKind.CHANNEL)
                .setEffectiveFrom(Instant.ofEpochMilli(1_000)).setEffectiveTo(Instant.ofEpochMilli(2_000))
                .setKind(RouteChangeKind.REPLAY_OVERRIDE).setReplayId("r-1")
                .setPublishedAt(Instant.ofEpochMilli(900)).setAuthor("ada").setReason("fix forward").build();

        Object read = new AvroDeserializer(registry, SPECIFIC, false)
                .deserialize("rewind.routes", serializer.serialize("rewind.routes", change));

        assertThat(read).isEqualTo(change);
    }

    @Test
    void aRecordIsReadAsAGenericRecordByDefault() {
        Object read = new AvroDeserializer(registry).deserialize("commits", serializer.serialize("commits", commit()));

        assertThat(read).isInstanceOf(GenericRecord.class).isNotInstanceOf(CommitPushed.class);
        GenericRecord record = (GenericRecord) read;
        assertThat(record.getSchema().getFullName()).isEqualTo("dev.rewind.demo.release.CommitPushed");
        assertThat(record.get("eventId")).hasToString("e-1");
        assertThat(((GenericRecord) record.get("cohort")).get("project")).hasToString("p1");
    }

    @Test
    void aGenericRecordIsWrittenAndReadBackIntoTheGeneratedClass() {
        GenericRecord generic = new GenericData.Record(CommitPushed.getClassSchema());
        CommitPushed specific = commit();
        specific.getSchema().getFields().forEach(f -> generic.put(f.name(), specific.get(f.name())));

        Object read = new AvroDeserializer(registry, SPECIFIC, false)
                .deserialize("commits", serializer.serialize("commits", generic));

        assertThat(read).isEqualTo(specific);
    }

    @Test
    void primitivesRoundTripAsConfluentWritesThem() {
        AvroDeserializer deserializer = new AvroDeserializer(registry);

        assertThat(deserializer.deserialize("t", serializer.serialize("t", "hello"))).hasToString("hello");
        assertThat(deserializer.deserialize("n", serializer.serialize("n", 42L))).isEqualTo(42L);
        byte[] raw = serializer.serialize("b", new byte[] {7, 8});
        assertThat(Arrays.copyOfRange(raw, 5, raw.length)).containsExactly(7, 8);
        assertThat(deserializer.deserialize("b", raw)).isEqualTo(new byte[] {7, 8});
    }

    @Test
    void nullStaysNull() {
        assertThat(serializer.serialize("t", null)).isNull();
        assertThat(new AvroDeserializer(registry).deserialize("t", null)).isNull();
    }

    @Test
    void anUnregisteredSchemaFailsClearlyWhenAutoRegistrationIsOff() {
        AvroSerializer noAutoRegister = new AvroSerializer(registry,
                Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);

        assertThatThrownBy(() -> noAutoRegister.serialize("commits", commit()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject 'commits-value'")
                .hasMessageContaining("auto.register.schemas");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void aRegisteredSchemaIsFoundWhenAutoRegistrationIsOff() {
        int id = registry.register("commits-value", CommitPushed.getClassSchema());
        AvroSerializer noAutoRegister = new AvroSerializer(registry,
                Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);

        assertThat(WireFormat.schemaId(noAutoRegister.serialize("commits", commit()))).isEqualTo(id);
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchemaInsteadOfTheValuesOwn() {
        Schema registered = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"t\","
                + "\"doc\":\"as registered\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}");
        Schema own = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"t\","
                + "\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}");
        int id = registry.register("pings-value", registered);
        GenericRecord ping = new GenericData.Record(own);
        ping.put("n", 5);

        AvroSerializer lookupOnly = new AvroSerializer(registry,
                Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
        assertThatThrownBy(() -> lookupOnly.serialize("pings", ping)).isInstanceOf(SerializationException.class);

        AvroSerializer latest = new AvroSerializer(registry, Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false,
                AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);
        byte[] message = latest.serialize("pings", ping);
        assertThat(WireFormat.schemaId(message)).isEqualTo(id);
        assertThat(((GenericRecord) new AvroDeserializer(registry).deserialize("pings", message)).get("n")).isEqualTo(5);
        assertThat(registry.versions("pings-value")).containsExactly(1);
    }

    @Test
    void anUnknownSchemaIdIsNamedInTheError() {
        assertThatThrownBy(() -> new AvroDeserializer(registry).deserialize("t", WireFormat.frame(99, new byte[] {2})))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema id 99").hasMessageContaining("topic t");
    }

    @Test
    void badMagicAndShortPayloadsAreRejectedByTheDeserializer() {
        AvroDeserializer deserializer = new AvroDeserializer(registry);

        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte 0x01");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too short");
    }

    @Test
    void aTruncatedPayloadIsReportedWithTheWritersSchema() {
        byte[] message = serializer.serialize("commits", commit());
        byte[] truncated = Arrays.copyOf(message, message.length - 4);

        assertThatThrownBy(() -> new AvroDeserializer(registry).deserialize("commits", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("dev.rewind.demo.release.CommitPushed");
    }

    @Test
    void aSpecificReaderWithoutTheGeneratedClassSaysWhichClassIsMissing() {
        Schema unknown = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Nowhere\",\"namespace\":\"no.such\","
                + "\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}");
        GenericRecord value = new GenericData.Record(unknown);
        value.put("n", 1);
        byte[] message = serializer.serialize("t", value);

        assertThatThrownBy(() -> new AvroDeserializer(registry, SPECIFIC, false).deserialize("t", message))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no.such.Nowhere").hasMessageContaining("specific.avro.reader=false");
    }

    @Test
    void aValueAvroCannotWriteIsRejectedBeforeTheRegistryIsAsked() {
        assertThatThrownBy(() -> serializer.serialize("t", new Object()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Object");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void serdesConfiguredWithAMockUrlShareTheScopesRegistry() {
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://serde-test",
                AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true);
        try (AvroSerializer byName = new AvroSerializer(); AvroDeserializer reader = new AvroDeserializer()) {
            byName.configure(config, false);
            reader.configure(config, false);

            assertThat(reader.deserialize("commits", byName.serialize("commits", commit()))).isEqualTo(commit());
            assertThat(InMemorySchemaRegistryClient.scope("serde-test").subjects()).containsExactly("commits-value");
        } finally {
            InMemorySchemaRegistryClient.dropScope("serde-test");
        }
    }

    @Test
    void configurationErrorsNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> new AvroSerializer().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url=http://localhost:8081");
        assertThatThrownBy(() -> new AvroSerializer(registry,
                Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, "NoSuchStrategy"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy").hasMessageContaining("NoSuchStrategy");
        assertThatThrownBy(() -> new AvroDeserializer(registry,
                Map.of(AvroSerdeConfig.AVRO_READER_SCHEMA_CONFIG, "{not avro"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("avro.reader.schema");
        assertThatThrownBy(() -> new AvroSerializer().configure(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "localhost:8081"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://localhost:8081");
    }

    private static byte[] plainAvro(CommitPushed commit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(CommitPushed.class).write(commit, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
