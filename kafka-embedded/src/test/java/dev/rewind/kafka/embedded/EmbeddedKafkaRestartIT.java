package dev.rewind.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaRestartIT {

    private static final String TOPIC = "restart-it-events";
    private static final String GROUP = "restart-it-group";

    @TempDir
    Path dataDir;

    @Test
    void recordsAndCommittedOffsetsSurviveARestartOnAKeptDataDirectory() throws Exception {
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.keptIn(dataDir))) {
            clusterId = kafka.clusterId();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            produce(kafka.bootstrapServers(), 10);
            commitOffset(kafka.bootstrapServers(), 6);
        }
        assertThat(dataDir.resolve("kafka-logs/meta.properties")).exists();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.keptIn(dataDir))) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                assertThat(offsets).containsEntry(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(6));
            }
            assertThat(readAll(kafka.bootstrapServers(), 10))
                    .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
    }

    @Test
    void aTemporaryDataDirectoryIsDeletedOnClose() {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults())) {
            dir = kafka.dataDir();
            assertThat(dir.resolve("kafka-logs/meta.properties")).exists();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aBrokerThatCannotStartSaysWhy() {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.keptIn(dataDir).withBrokerProperty("num.partitions", "zero");

        assertThatThrownBy(() -> EmbeddedKafka.start(options)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("num.partitions");
    }

    private static void produce(String bootstrapServers, int count) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get();
            }
        }
    }

    private static void commitOffset(String bootstrapServers, long offset) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers, GROUP))) {
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(offset)));
        }
    }

    private static List<String> readAll(String bootstrapServers, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers, null))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static Map<String, Object> consumerConfig(String bootstrapServers, String group) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return config;
    }
}
