package dev.rewind.schemas.serde;

import static dev.rewind.schemas.serde.SubjectNameStrategyTest.commit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The serializer asks the registry once per subject and schema, not once per record. */
class AvroSerializerIdCacheTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AtomicInteger registrations = new AtomicInteger();
    private final SchemaRegistryClient counting = (SchemaRegistryClient) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                if (method.getName().equals("register")) {
                    registrations.incrementAndGet();
                }
                try {
                    return method.invoke(registry, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    @Test
    void registersASchemaOncePerSubjectHoweverManyRecordsUseIt() {
        AvroSerializer serializer = new AvroSerializer(counting);

        byte[] first = serializer.serialize("commits", commit());
        for (int i = 0; i < 100; i++) {
            assertThat(serializer.serialize("commits", commit())).isEqualTo(first);
        }
        serializer.serialize("other-topic", commit());

        assertThat(registrations).hasValue(2);
    }

    @Test
    void anEqualSchemaInstanceParsedAgainGetsTheSameId() {
        AvroSerializer serializer = new AvroSerializer(counting, Map.of(), false);
        Schema schema = commit().getSchema();
        Schema reparsed = new Schema.Parser().parse(schema.toString());

        byte[] specific = serializer.serialize("commits", commit());
        GenericRecord generic = new GenericData.Record(reparsed);
        commit().getSchema().getFields().forEach(f -> generic.put(f.name(), commit().get(f.pos())));
        byte[] fromGeneric = serializer.serialize("commits", generic);

        assertThat(WireFormat.schemaId(fromGeneric)).isEqualTo(WireFormat.schemaId(specific));
    }

    @Test
    void aNewSchemaOfTheSubjectIsRegisteredAndGetsItsOwnId() {
        AvroSerializer serializer = new AvroSerializer(counting);
        Schema v1 = org.apache.avro.SchemaBuilder.record("Thing").namespace("t").fields()
                .requiredString("a").endRecord();
        Schema v2 = org.apache.avro.SchemaBuilder.record("Thing").namespace("t").fields()
                .requiredString("a").optionalString("b").endRecord();
        GenericRecord one = new GenericData.Record(v1);
        one.put("a", "x");
        GenericRecord two = new GenericData.Record(v2);
        two.put("a", "x");

        int id1 = WireFormat.schemaId(serializer.serialize("things", one));
        int id2 = WireFormat.schemaId(serializer.serialize("things", two));
        int id1Again = WireFormat.schemaId(serializer.serialize("things", one));

        assertThat(id2).isNotEqualTo(id1);
        assertThat(id1Again).isEqualTo(id1);
        assertThat(registrations).hasValue(2);
    }

    @Test
    void valuesAlternatingTopicsSchemasAndClassesAreWrittenAsAFreshSerializerWritesEach() {
        AvroSerializer reused = new AvroSerializer(registry);
        Schema thing = org.apache.avro.SchemaBuilder.record("Thing").namespace("t").fields()
                .requiredString("a").endRecord();
        GenericRecord genericThing = new GenericData.Record(thing);
        genericThing.put("a", "x");
        GenericRecord genericCommit = new GenericData.Record(commit().getSchema());
        commit().getSchema().getFields().forEach(f -> genericCommit.put(f.name(), commit().get(f.pos())));
        Object[][] sequence = {
            {"commits", commit()}, {"commits", commit()}, {"commits", genericCommit}, {"things", genericThing},
            {"other-commits", genericCommit}, {"commits", commit()}, {"raw", new byte[] {1, 2, 3}}, {"text", "t"},
            {"raw", new byte[] {4}}, {"things", genericThing}, {"commits", commit()},
        };

        for (Object[] step : sequence) {
            AvroSerializer fresh = new AvroSerializer(registry);
            assertThat(reused.serialize((String) step[0], step[1])).as("%s to %s", step[1], step[0])
                    .isEqualTo(fresh.serialize((String) step[0], step[1]));
        }
    }
}
