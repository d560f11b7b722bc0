package dev.rewind.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeEvolutionTest {

    private static final Schema GREETING_V1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Greeting\","
            + "\"namespace\":\"test\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"retired\",\"type\":\"int\"}]}");
    private static final Schema GREETING_V2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Greeting\","
            + "\"namespace\":\"test\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"language\",\"type\":\"string\",\"default\":\"en\"}]}");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer serializer = new AvroSerializer(registry);

    @Test
    void aGenericReaderWithAConfiguredReaderSchemaFillsAddedFieldsWithTheirDefaultsAndDropsRemovedOnes() {
        GenericRecord v1 = new GenericData.Record(GREETING_V1);
        v1.put("name", "ada");
        v1.put("retired", 3);
        byte[] message = serializer.serialize("greetings", v1);

        AvroDeserializer v2Reader = new AvroDeserializer(registry,
                Map.of(AvroSerdeConfig.AVRO_READER_SCHEMA_CONFIG, GREETING_V2.toString()), false);
        GenericRecord read = (GenericRecord) v2Reader.deserialize("greetings", message);

        assertThat(read.getSchema()).isEqualTo(GREETING_V2);
        assertThat(read.get("name")).hasToString("ada");
        assertThat(read.get("language")).hasToString("en");
        assertThat(read.hasField("retired")).isFalse();
    }

    @Test
    void withoutAReaderSchemaTheWritersSchemaIsUsed() {
        GenericRecord v1 = new GenericData.Record(GREETING_V1);
        v1.put("name", "ada");
        v1.put("retired", 3);

        GenericRecord read = (GenericRecord) new AvroDeserializer(registry)
                .deserialize("greetings", serializer.serialize("greetings", v1));

        assertThat(read.getSchema()).isEqualTo(GREETING_V1);
        assertThat(read.get("retired")).isEqualTo(3);
    }

    @Test
    void aSpecificReaderReadsDataOfAnOlderWriterSchemaIntoTheCurrentClass() {
        Schema olderCommand = without(ReplayCommand.getClassSchema(), "maxEventsPerSecond");
        GenericRecord written = new GenericData.Record(olderCommand);
        written.put("replayId", "r-1");
        written.put("component", "release-coordinator");
        written.put("version", "v2");
        written.put("selector", "customer:acme");
        written.put("from", 1_000L);
        written.put("to", 2_000L);
        written.put("dryRun", false);
        written.put("reason", "fix");
        written.put("author", "ada");
        written.put("requestedAt", 3_000L);
        written.put("action", new GenericData.EnumSymbol(olderCommand.getField("action").schema(), "START"));
        byte[] message = serializer.serialize("rewind.control", written);

        Object read = new AvroDeserializer(registry, Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true), false)
                .deserialize("rewind.control", message);

        assertThat(read).isInstanceOfSatisfying(ReplayCommand.class, command -> {
            assertThat(command.getMaxEventsPerSecond()).isNull();
            assertThat(command.getFrom()).isEqualTo(Instant.ofEpochMilli(1_000));
            assertThat(command.getSelector()).isEqualTo("customer:acme");
            assertThat(command.getAction()).isEqualTo(ReplayAction.START);
        });
    }

    private static Schema without(Schema schema, String fieldName) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !f.name().equals(fieldName))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
