package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.examples.release.ReleaseDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {

    @TempDir
    Path home;

    @Test
    void startsTheDemoAndKeepsItsEventsAndRoutesAcrossARestart() {
        LocalStackOptions options = LocalStackOptions.onFreePorts(home).withEventsPerSecond(50);
        long eventsBefore;
        try (LocalStack stack = LocalStack.start(options)) {
            assertThat(stack.embeddedKafka()).isTrue();
            assertThat(stack.registryUrl()).startsWith("http://127.0.0.1:");
            assertThat(stack.serviceUrl()).startsWith("http://127.0.0.1:");
            assertThat(stack.demoRuntimes()).extracting(r -> r.componentVersion().groupId())
                    .containsExactly("release-coordinator.v1", "release-coordinator.v2");
            assertThat(stack.demoRoutesPublished()).containsExactly(
                    "channel stable -> v1", "channel beta -> v2", "default -> channel stable");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> endOffsets(stack) >= 20);
            eventsBefore = endOffsets(stack);
        }

        try (LocalStack restarted = LocalStack.start(options)) {
            assertThat(endOffsets(restarted)).isGreaterThanOrEqualTo(eventsBefore);
            assertThat(restarted.demoRoutesPublished()).as("routes are kept, not published again").isEmpty();
        }
    }

    @Test
    void withoutTheDemoStartsOnlyThePlatform() {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.onFreePorts(home).withDemo(false))) {
            assertThat(stack.generator()).isEmpty();
            assertThat(stack.demoRoutesPublished()).isEmpty();
            assertThat(stack.bootstrapServers()).startsWith("localhost:");
        }
    }

    private static long endOffsets(LocalStack stack) {
        Map<String, Object> config = new HashMap<>(stack.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(ReleaseDemo.EVENTS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
