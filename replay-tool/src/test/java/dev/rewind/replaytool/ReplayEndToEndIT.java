package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.cli.RewindCli;
import dev.rewind.api.Json;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.replaytool.testing.VersionRuntimes;
import dev.rewind.schemas.avro.Cohort;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.schemas.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: a replay started through the REST API is carried out by the live instances of
 * the version (engine runtime) and reported completed by the service from what they write.
 */
@ExtendWith(KafkaClusterExtension.class)
class ReplayEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(180);

    private static SchemaRegistryServer registry;
    private static ReplayToolServer server;
    private static final List<ComponentRuntime> RUNTIMES = new ArrayList<>();

    @BeforeAll
    static void start(KafkaCluster cluster) {
        registry = SchemaRegistryServer.start(SchemaRegistryServer.Options.of(cluster.bootstrapServers()));
        server = ReplayToolServer.start(ReplayToolServer.Options.of(cluster.bootstrapServers(), registry.url()));
    }

    @AfterAll
    static void stop() {
        RUNTIMES.forEach(ComponentRuntime::close);
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** Both versions emit one output per event, value {@code <eventId>:<version>}. */
    static Supplier<EventProcessor> processor(String output, String version) {
        return () -> (event, context) -> context.emit(output, event.eventId().value(),
                (event.eventId().value() + ":" + version).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReplayStartedThroughTheApiIsCarriedOutByTheVersionAndReportedCompleted(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String component = "e2e-" + suffix;
        String source = "e2e-source-" + suffix;
        String output = "e2e-output-" + suffix;
        cluster.createTopic(source, 2, (short) 1);
        cluster.createTopic(output, 2, (short) 1);
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version("v1"), null, "test",
                    "v1 owns everything from an hour ago on");
        }
        runtime(cluster, stateDir, component, source, "v1", processor(output, "v1"));
        runtime(cluster, stateDir, component, source, "v2", processor(output, "v2"));
        Instant eventTime = Instant.now().minusSeconds(120);
        produce(cluster, registry.url(), source, eventTime, "acme", 10);
        produce(cluster, registry.url(), source, eventTime, "globex", 10);
        await().atMost(PATIENCE).until(() -> readCommitted(cluster, output).size() == 20);

        Http http = new Http(server.url());
        Http.Response started = http.post("/api/v1/replays", Map.of("component", component, "version", "v2",
                "cohort", "customer:acme", "from", eventTime.minusSeconds(60).toString(),
                "reason", "v1 got acme wrong"), null);
        assertThat(started.status()).as(started.json().toString()).isEqualTo(202);
        String id = started.json().path("id").asText();

        await().atMost(PATIENCE).until(() -> http.get("/api/v1/replays/" + id, null).json().path("state").asText(),
                state -> state.equals("completed") || state.equals("failed"));
        JsonNode replay = http.get("/api/v1/replays/" + id, null).json();
        assertThat(replay.path("state").asText()).isEqualTo("completed");
        assertThat(replay.path("reprocessed").asLong()).isEqualTo(10);
        assertThat(replay.path("partitions")).hasSize(2);
        replay.path("partitions").forEach(p -> assertThat(p.path("state").asText()).isEqualTo("completed"));

        List<ConsumerRecord<byte[], byte[]>> outputs = readCommitted(cluster, output);
        List<String> replayed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : outputs) {
            Header header = record.headers().lastHeader("rewind.replay-id");
            if (header != null && new String(header.value(), StandardCharsets.UTF_8).equals(id)) {
                replayed.add(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        assertThat(replayed).hasSize(10).allMatch(v -> v.startsWith("acme-") && v.endsWith(":v2"));

        StringWriter out = new StringWriter();
        assertThat(RewindCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "replay", "status", id, "--server", server.url(), "-o", "json")).isZero();
        assertThat(Json.mapper().readTree(out.toString()).path("percent").asDouble()).isEqualTo(100.0);
    }

    private static void runtime(KafkaCluster cluster, Path stateDir, String component, String source, String version,
            Supplier<EventProcessor> processor) throws InterruptedException {
        RUNTIMES.add(VersionRuntimes.start(cluster, registry.url(), stateDir, component, source, version,
                version + "-1", processor, PATIENCE));
    }

    /** Writes {@code count} demo events of {@code customer} at {@code time}, as the cluster's super user. */
    static void produce(KafkaCluster cluster, String registryUrl, String source, Instant time, String customer,
            int count) {
        produce(cluster, Map.of("schema.registry.url", registryUrl), source, time, customer, count);
    }

    /** As {@link #produce(KafkaCluster, String, String, Instant, String, int)} with the registry settings given. */
    static void produce(KafkaCluster cluster, Map<String, ?> registry, String source, Instant time, String customer,
            int count) {
        AvroSerializer serializer = new AvroSerializer();
        Map<String, Object> serde = new java.util.HashMap<>(registry);
        serde.put("value.subject.name.strategy", "dev.rewind.schemas.serde.TopicRecordNameStrategy");
        serializer.configure(serde, false);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                cluster.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String project = customer + "-p" + (i % 3);
                CommitPushed event = CommitPushed.newBuilder().setEventId(customer + "-" + i)
                        .setCohort(Cohort.newBuilder().setCustomer(customer).setPlan("team").setProject(project).build())
                        .setRepository("repo").setBranch("main").setCommitSha("abc" + i).setAuthor("ada").build();
                producer.send(new ProducerRecord<>(source, null, time.toEpochMilli(),
                        project.getBytes(StandardCharsets.UTF_8), serializer.serialize(source, event)));
            }
            producer.flush();
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> readCommitted(KafkaCluster cluster, String topic) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
