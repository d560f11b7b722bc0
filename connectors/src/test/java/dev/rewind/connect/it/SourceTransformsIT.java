package dev.rewind.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.EventConvention;
import dev.rewind.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's file source connector, run by a real distributed worker, turned into rewind events by
 * Kafka's own transforms and rewind's, written as Avro by rewind's converter: the engine's event
 * convention holds, ids are reproducible, and a record without a customer lands on the error topic.
 */
@ExtendWith(KafkaClusterExtension.class)
class SourceTransformsIT {

    private static RegistryProcess registry;
    private static ConnectWorker worker;

    @BeforeAll
    static void start(KafkaCluster cluster) {
        registry = RegistryProcess.start(cluster.bootstrapServers());
        worker = ConnectWorker.start(ConnectWorker.settings(cluster.bootstrapServers(),
                "connect-source-" + UUID.randomUUID(), registry.url()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        worker.close();
        registry.close();
    }

    static Map<String, String> fileSource(Path file, String topic, String errors) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
        config.put("file", file.toString());
        config.put("topic", topic);
        config.put("transforms", "hoist,name,id,cohort");
        config.put("transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value");
        config.put("transforms.hoist.field", "customer");
        config.put("transforms.name.type", "org.apache.kafka.connect.transforms.SetSchemaMetadata$Value");
        config.put("transforms.name.schema.name", "demo.CustomerSeen");
        config.put("transforms.id.type", "dev.rewind.connect.transforms.InsertEventId");
        config.put("transforms.id.namespace", "customers-file");
        config.put("transforms.cohort.type", "dev.rewind.connect.transforms.InsertCohort");
        config.put("transforms.cohort.customer.field", "customer");
        config.put("transforms.cohort.plan.default", "free");
        config.put("transforms.cohort.required", "customer");
        config.put("transforms.cohort.errors.topic", errors);
        return config;
    }

    @Test
    void turnsASourceConnectorsRecordsIntoRewindEventsAndRoutesIncompleteOnesToTheErrorTopic(KafkaCluster cluster,
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("customers.txt");
        Files.writeString(file, "acme\nglobex\n   \ninitech\n", StandardCharsets.UTF_8);
        String topic = "events-" + UUID.randomUUID();
        String errors = topic + ".errors";
        cluster.createTopic(topic, 1, (short) 1);
        cluster.createTopic(errors, 1, (short) 1);

        worker.configure("customers", fileSource(file, topic, errors));

        List<ConsumerRecord<byte[], byte[]>> events = read(cluster, topic, 3);
        List<ConsumerRecord<byte[], byte[]>> rejected = read(cluster, errors, 1);
        AvroDeserializer avro = new AvroDeserializer(new dev.rewind.schemas.registry.CachingSchemaRegistryClient(
                dev.rewind.schemas.registry.CachingSchemaRegistryClient.Options.defaults(registry.url())));
        List<GenericRecord> values = events.stream().map(r -> (GenericRecord) avro.deserialize(topic, r.value())).toList();
        assertThat(values).allSatisfy(v -> assertThat(EventConvention.violations(v.getSchema())).isEmpty());
        assertThat(values).extracting(v -> ((GenericRecord) v.get("cohort")).get("customer").toString())
                .containsExactly("acme", "globex", "initech");
        assertThat(values).extracting(v -> ((GenericRecord) v.get("cohort")).get("plan").toString())
                .containsOnly("free");
        assertThat(values.get(0).getSchema().getFullName()).isEqualTo("demo.CustomerSeen");
        assertThat(events).allSatisfy(r -> {
            assertThat(header(r, "rewind.event-id")).isEqualTo(
                    ((GenericRecord) avro.deserialize(topic, r.value())).get("eventId").toString());
            assertThat(header(r, "rewind.cohort.customer")).isNotBlank();
        });
        assertThat(values).extracting(v -> v.get("eventId").toString()).doesNotHaveDuplicates();
        assertThat(header(rejected.get(0), "__connect.errors.exception.message"))
                .contains("cohort dimension missing").contains("customer");
        assertThat(header(rejected.get(0), "__connect.errors.topic")).isEqualTo(topic);

        // another connector reading the same source positions (a restart from scratch) gives the same ids
        String again = topic + ".again";
        cluster.createTopic(again, 1, (short) 1);
        worker.configure("customers-again", fileSource(file, again, errors));
        List<String> ids = read(cluster, again, 3).stream()
                .map(r -> header(r, "rewind.event-id")).toList();
        assertThat(ids).containsExactlyElementsOf(values.stream().map(v -> v.get("eventId").toString()).toList());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** At least {@code count} committed records of {@code topic}, read from its beginning. */
    static List<ConsumerRecord<byte[], byte[]>> read(KafkaCluster cluster, String topic, int count) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // committed records only: what a downstream reader of a transactional producer sees
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= count;
            });
        }
        return out;
    }
}
