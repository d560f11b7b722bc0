package dev.rewind.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.registry.CachingSchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Connect worker in its own process, running Kafka's file source through rewind's transforms and converter with
 * exactly-once source support (KIP-618), killed with SIGKILL mid-stream and restarted: a {@code read_committed}
 * reader of the topic sees every line of the file exactly once, in file order, with the same event ids.
 */
@ExtendWith({KafkaClusterExtension.class, RegistryProcess.Extension.class})
class WorkerKillIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(WorkerKillIT.class);
    private static final int LINES = 300;
    /** Lines in the file when the first worker is killed: the rest is written after, so the kill is mid-stream. */
    private static final int BEFORE_KILL = 100;

    @Test
    void aWorkerKilledWithSigkillMidStreamLosesAndDoublesNothingForACommittedReader(KafkaCluster cluster,
            RegistryProcess registry, @TempDir Path dir) throws Exception {
        String topic = "killed-source-" + UUID.randomUUID();
        String errors = topic + ".errors";
        cluster.createTopic(topic, 1, (short) 1);
        cluster.createTopic(errors, 1, (short) 1);
        Path file = dir.resolve("customers.txt");
        List<String> lines = IntStream.range(0, 2 * LINES).mapToObj(i -> String.format("customer-%05d", i)).toList();
        Files.write(file, lines.subList(0, BEFORE_KILL), StandardCharsets.UTF_8);
        Map<String, String> settings = ConnectWorker.settings(cluster.bootstrapServers(),
                "connect-kill-" + UUID.randomUUID(), registry.url());
        settings.put("exactly.once.source.support", "enabled");
        Map<String, String> connector = SourceTransformsIT.fileSource(file, topic, errors);
        connector.put("exactly.once.support", "required");
        // a transaction per 50 lines: the kill lands after the first; the file grows after it, so however fast
        // the worker is, the kill is mid-stream (asserting on timing instead failed on a fast machine)
        connector.put("batch.size", "50");

        int committedAtKill;
        try (WorkerProcess first = WorkerProcess.start(settings, dir, "worker-1")) {
            first.rest().configure("customers", connector);
            committedAtKill = awaitCommitted(cluster, topic, 50);

            assertThat(first.kill9()).as("exit status of a JVM killed by SIGKILL").isEqualTo(137);
        }
        LOGGER.atInfo().addKeyValue("committed", committedAtKill).log("Worker killed with SIGKILL");
        Files.write(file, lines.subList(BEFORE_KILL, 2 * LINES), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (WorkerProcess second = WorkerProcess.start(settings, dir, "worker-2")) {
            awaitCommitted(cluster, topic, lines.size());
            List<GenericRecord> events = readCommitted(cluster, registry, topic);

            assertThat(events).extracting(e -> ((GenericRecord) e.get("cohort")).get("customer").toString())
                    .containsExactlyElementsOf(lines);
            assertThat(events).extracting(e -> e.get("eventId").toString()).doesNotHaveDuplicates();
            assertThat(second.rest().state("customers")).startsWith("RUNNING RUNNING");
        }
        assertThat(committedAtKill).as("committed before the kill").isBetween(50, BEFORE_KILL);
    }

    /** Waits until a committed reader sees at least {@code count} records; returns how many it saw. */
    private static int awaitCommitted(KafkaCluster cluster, String topic, int count) {
        List<Integer> seen = new ArrayList<>(List.of(0));
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            seen.add(committed(cluster, topic).size());
            assertThat(seen.get(seen.size() - 1)).as("committed records of " + topic).isGreaterThanOrEqualTo(count);
        });
        return seen.get(seen.size() - 1);
    }

    /** Every record a {@code read_committed} reader sees now: read up to the last stable offset. */
    private static List<ConsumerRecord<byte[], byte[]>> committed(KafkaCluster cluster, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(cluster)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long stable = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < stable) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<GenericRecord> readCommitted(KafkaCluster cluster, RegistryProcess registry, String topic) {
        AvroDeserializer avro = new AvroDeserializer(new CachingSchemaRegistryClient(
                CachingSchemaRegistryClient.Options.defaults(registry.url())));
        return committed(cluster, topic).stream().map(r -> (GenericRecord) avro.deserialize(topic, r.value())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> committedConsumer(KafkaCluster cluster) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
