package dev.rewind.examples.release.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class DemoEventGeneratorIT {

    @Test
    void producesDecodableDemoEventsKeyedByProject(KafkaCluster cluster) {
        String topic = "demo-events-" + UUID.randomUUID();
        String registry = "mock://generator-" + UUID.randomUUID();
        cluster.createTopic(topic, 3, (short) 1);
        List<ConsumerRecord<String, Object>> received = new ArrayList<>();

        try (DemoEventGenerator generator = DemoEventGenerator.start(new DemoEventGenerator.Options(
                cluster.bootstrapServers(), registry, topic, 200, DemoCustomer.defaults()));
             KafkaConsumer<String, Object> consumer = consumer(cluster, registry)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                assertThat(received).hasSizeGreaterThanOrEqualTo(100);
            });
            assertThat(generator.failed()).isZero();
        }

        assertThat(received).allSatisfy(record -> {
            GenericRecord value = (GenericRecord) record.value();
            assertThat(((Cohort) value.get("cohort")).getProject()).isEqualTo(record.key());
        });
    }

    private static KafkaConsumer<String, Object> consumer(KafkaCluster cluster, String registry) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AvroDeserializer values = new AvroDeserializer();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry,
                AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true), false);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }
}
