package dev.rewind.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.WireFormat;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroConverterTest {

    private static final String TOPIC = "orders";

    private final String scope = "converter-" + UUID.randomUUID();
    private final InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.scope(scope);

    static final Schema ADDRESS = SchemaBuilder.struct().name("shop.Address")
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static final Schema ORDER = SchemaBuilder.struct().name("shop.Order").doc("an order")
            .field("tiny", Schema.INT8_SCHEMA)
            .field("small", Schema.INT16_SCHEMA)
            .field("count", Schema.INT32_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .field("ratio", Schema.FLOAT32_SCHEMA)
            .field("price", Schema.FLOAT64_SCHEMA)
            .field("paid", Schema.BOOLEAN_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", SchemaBuilder.string().defaultValue("NEW").build())
            .field("retries", SchemaBuilder.int32().optional().defaultValue(3).build())
            .field("blob", Schema.BYTES_SCHEMA)
            .field("amount", Decimal.builder(2).build())
            .field("day", Date.SCHEMA)
            .field("at", Time.SCHEMA)
            .field("when", Timestamp.SCHEMA)
            .field("address", ADDRESS)
            .field("previous", SchemaBuilder.array(ADDRESS).optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("stock", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
            .field("byCode", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
            .build();

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    private AvroConverter converter(Map<String, Object> extra) {
        AvroConverter converter = new AvroConverter();
        Map<String, Object> configs = new java.util.HashMap<>(Map.of("schema.registry.url", "mock://" + scope));
        configs.putAll(extra);
        converter.configure(configs, false);
        return converter;
    }

    static Struct order() {
        Struct address = new Struct(ADDRESS).put("city", "Lyon").put("zip", "69001");
        return new Struct(ORDER)
                .put("tiny", (byte) 7).put("small", (short) 300).put("count", 42).put("id", 1L << 40)
                .put("ratio", 0.5f).put("price", 19.99).put("paid", true).put("note", null).put("status", "PAID")
                .put("retries", 1).put("blob", new byte[] {1, 2, 3})
                .put("amount", new BigDecimal("1234.56"))
                .put("day", new java.util.Date(19_000L * 86_400_000L))
                .put("at", new java.util.Date(3_600_000L))
                .put("when", new java.util.Date(1_700_000_000_123L))
                .put("address", address)
                .put("previous", List.of(new Struct(ADDRESS).put("city", "Paris").put("zip", null)))
                .put("tags", List.of("a", "b"))
                .put("stock", Map.of("apples", 3L))
                .put("byCode", Map.of(1, "one"));
    }

    @Test
    void roundTripsAStructWithLogicalTypesOptionalFieldsNestedRecordsArraysAndMaps() {
        AvroConverter converter = converter(Map.of());

        byte[] bytes = converter.fromConnectData(TOPIC, ORDER, order());
        SchemaAndValue back = converter.toConnectData(TOPIC, bytes);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(registry.getLatest(TOPIC + "-value").id());
        Struct read = (Struct) back.value();
        assertThat(back.schema().name()).isEqualTo("shop.Order");
        assertThat(read.getInt8("tiny")).isEqualTo((byte) 7);
        assertThat(read.getInt16("small")).isEqualTo((short) 300);
        assertThat(read.get("amount")).isEqualTo(new BigDecimal("1234.56"));
        assertThat(read.get("day")).isEqualTo(new java.util.Date(19_000L * 86_400_000L));
        assertThat(read.get("when")).isEqualTo(new java.util.Date(1_700_000_000_123L));
        assertThat(read.getStruct("address").getString("zip")).isEqualTo("69001");
        assertThat(read.getArray("previous")).hasSize(1);
        assertThat(read.getMap("byCode")).containsEntry(1, "one");
        assertThat(read.getString("note")).isNull();
        assertThat(back.schema().field("status").schema().defaultValue()).isEqualTo("NEW");
        assertThat(back.schema().field("retries").schema().defaultValue()).isEqualTo(3);
        assertThat(back.schema().field("retries").schema().isOptional()).isTrue();
        assertThat(read).isEqualTo(order());
        assertThat(converter.fromConnectData(TOPIC, back.schema(), read)).isEqualTo(bytes);
    }

    @Test
    void writesOptionalFieldsAsNullUnionsWithANullDefaultAsConfluentDoes() {
        converter(Map.of()).fromConnectData(TOPIC, ORDER, order());

        org.apache.avro.Schema avro = registry.getLatest(TOPIC + "-value").schema();
        assertThat(avro.getField("note").schema().getTypes()).extracting(org.apache.avro.Schema::getType)
                .containsExactly(org.apache.avro.Schema.Type.NULL, org.apache.avro.Schema.Type.STRING);
        assertThat(avro.getField("note").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(avro.getField("retries").schema().getTypes()).extracting(org.apache.avro.Schema::getType)
                .containsExactly(org.apache.avro.Schema.Type.INT, org.apache.avro.Schema.Type.NULL);
        assertThat(avro.getField("retries").defaultVal()).isEqualTo(3);
        assertThat(avro.getField("tiny").schema().getProp("connect.type")).isEqualTo("int8");
        assertThat(avro.getField("amount").schema().getLogicalType().getName()).isEqualTo("decimal");
        assertThat(avro.getField("byCode").schema().getElementType().getFullName())
                .isEqualTo("io.confluent.connect.avro.MapEntry");
    }

    static final org.apache.avro.Schema EVENT = new org.apache.avro.Schema.Parser().parse("""
            {"type":"record","name":"DeployFinished","namespace":"demo.events","fields":[
              {"name":"eventId","type":"string"},
              {"name":"cohort","type":{"type":"record","name":"Cohort","namespace":"dev.rewind.schemas.avro","fields":[
                {"name":"customer","type":["null","string"],"default":null},
                {"name":"plan","type":["null","string"],"default":null},
                {"name":"project","type":["null","string"],"default":null}]}},
              {"name":"environment","type":{"type":"enum","name":"Environment","symbols":["STAGING","PRODUCTION"]}},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"attempt","type":"int","default":1},
              {"name":"checksum","type":{"type":"fixed","name":"Sha1","size":4}},
              {"name":"labels","type":{"type":"map","values":"string"}}]}
            """);

    static GenericRecord event() {
        GenericRecord cohort = new GenericData.Record(EVENT.getField("cohort").schema());
        cohort.put("customer", "acme");
        cohort.put("plan", "enterprise");
        GenericRecord event = new GenericData.Record(EVENT);
        event.put("eventId", "e-1");
        event.put("cohort", cohort);
        event.put("environment", new GenericData.EnumSymbol(EVENT.getField("environment").schema(), "PRODUCTION"));
        event.put("at", 1_700_000_000_000L);
        event.put("attempt", 2);
        event.put("checksum", new GenericData.Fixed(EVENT.getField("checksum").schema(), new byte[] {9, 8, 7, 6}));
        event.put("labels", Map.of("team", "blue"));
        return event;
    }

    @Test
    void passesWhatRewindsSerializerWroteThroughByteForByte() {
        byte[] written = new AvroSerializer(registry).serialize(TOPIC, event());
        AvroConverter converter = converter(Map.of());

        SchemaAndValue connect = converter.toConnectData(TOPIC, written);

        assertThat(((Struct) connect.value()).getStruct("cohort").getString("plan")).isEqualTo("enterprise");
        assertThat(((Struct) connect.value()).getString("environment")).isEqualTo("PRODUCTION");
        assertThat(converter.fromConnectData(TOPIC, connect.schema(), connect.value())).isEqualTo(written);
    }

    @Test
    void writesWhatRewindsDeserializerReadsAndItsSerializerWritesIdentically() {
        // a fresh converter has never seen the Avro schema: it derives it from the Connect schema alone
        Struct value = (Struct) converter(Map.of()).toConnectData(TOPIC,
                new AvroSerializer(registry).serialize("elsewhere", event())).value();
        AvroConverter fresh = new AvroConverter();
        fresh.configure(Map.of("schema.registry.url", "mock://" + scope), false);

        byte[] bytes = fresh.fromConnectData("derived", value.schema(), value);
        Object generic = new AvroDeserializer(registry).deserialize("derived", bytes);

        assertThat(generic.toString()).isEqualTo(event().toString());
        assertThat(new AvroSerializer(registry).serialize("derived", generic)).isEqualTo(bytes);
    }

    @Test
    void failsNamingTheSubjectWhenAutoRegisterIsOffAndTheSchemaIsNotRegistered() {
        AvroConverter converter = converter(Map.of("auto.register.schemas", false));

        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, ORDER, order()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("orders-value")
                .hasMessageContaining("auto.register.schemas");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void usesTheRegisteredIdWhenAutoRegisterIsOff() {
        byte[] registered = converter(Map.of()).fromConnectData(TOPIC, ORDER, order());

        byte[] bytes = converter(Map.of("auto.register.schemas", false)).fromConnectData(TOPIC, ORDER, order());

        assertThat(bytes).isEqualTo(registered);
        assertThat(registry.versions(TOPIC + "-value")).containsExactly(1);
    }

    @Test
    void writesWithTheSubjectsLatestSchemaWhenUseLatestVersionIsOn() {
        org.apache.avro.Schema latest = new org.apache.avro.Schema.Parser().parse("""
                {"type":"record","name":"Address","namespace":"shop","fields":[
                  {"name":"zip","type":["null","string"],"default":null},
                  {"name":"city","type":"string"},
                  {"name":"country","type":"string","default":"FR"}]}""");
        int id = registry.register("addresses-value", latest);
        AvroConverter converter = converter(Map.of("auto.register.schemas", false, "use.latest.version", true));

        byte[] bytes = converter.fromConnectData("addresses", ADDRESS, new Struct(ADDRESS).put("city", "Nice"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        GenericRecord read = (GenericRecord) new AvroDeserializer(registry).deserialize("addresses", bytes);
        assertThat(read.get("city").toString()).isEqualTo("Nice");
        assertThat(read.get("zip")).isNull();
        assertThat(read.get("country").toString()).isEqualTo("FR");
    }

    @Test
    void namesTheSubjectByTheConfiguredStrategyUnderConfluentsClassName() {
        AvroConverter converter = converter(Map.of("value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"));

        converter.fromConnectData(TOPIC, ORDER, order());

        assertThat(registry.subjects()).containsExactly("orders-shop.Order");
    }

    @Test
    void convertsKeysAndPrimitivesAndNulls() {
        AvroConverter keys = new AvroConverter();
        keys.configure(Map.of("schema.registry.url", "mock://" + scope), true);

        byte[] key = keys.fromConnectData(TOPIC, Schema.STRING_SCHEMA, "project-1");

        assertThat(registry.subjects()).containsExactly("orders-key");
        assertThat(keys.toConnectData(TOPIC, key)).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "project-1"));
        assertThat(keys.fromConnectData(TOPIC, Schema.OPTIONAL_STRING_SCHEMA, null)).isNull();
        assertThat(keys.toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void refusesSchemalessValuesAndGarbageBytesWithADataException() {
        AvroConverter converter = converter(Map.of());

        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, null, Map.of("a", 1)))
                .isInstanceOf(DataException.class).hasMessageContaining("no Connect schema");
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, "{\"json\":1}".getBytes()))
                .isInstanceOf(DataException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, ByteBuffer.allocate(9).put((byte) 0).putInt(999).array()))
                .isInstanceOf(DataException.class).hasMessageContaining("999");
    }
}
