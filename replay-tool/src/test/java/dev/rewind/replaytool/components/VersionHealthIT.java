package dev.rewind.replaytool.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.examples.release.ReleaseEvents;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.testing.Closer;
import dev.rewind.replaytool.testing.HistoryServers;
import dev.rewind.replaytool.testing.Http;
import dev.rewind.replaytool.testing.VersionRuntimes;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versions API shows what only a WARN and a metric said before (issue 13, items 3 and 5): per version the
 * source partitions its instances hold paused, with the offset, why and since when, until they resume; and per
 * component the records dead-lettered on behalf of no version, apart from every version's errors.
 */
@ExtendWith(KafkaClusterExtension.class)
class VersionHealthIT {

    private static final Duration PATIENCE = Duration.ofSeconds(180);
    /**
     * How far ahead the second event is dated: past the route horizon (about now + 6 s), so its partition waits
     * for the history to cover it, and less than {@code event.time.after.max.ms} (60 s), so it is not fixed at once.
     */
    private static final Duration AHEAD = Duration.ofSeconds(25);

    @RegisterExtension
    final Closer resources = new Closer();

    @Test
    void pausedPartitionsAndUnroutableRecordsShowInTheVersionsApiApartFromErrors(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String component = "health-" + suffix;
        String source = "health-events-" + suffix;
        cluster.createTopic(source, 1, (short) 1);
        cluster.createTopic(ReleaseDemo.DECISIONS_TOPIC, 1, (short) 1);
        SchemaRegistryServer registry = push(SchemaRegistryServer.start(
                SchemaRegistryServer.Options.of(cluster.bootstrapServers())));
        VersionRuntimes.startDemo(cluster, registry.url(), stateDir, component, source, "-health-it", PATIENCE)
                .forEach(this::push);
        ReplayToolServer server = push(HistoryServers.start(cluster, registry.url(), source, "health-it-" + suffix,
                stateDir));
        Http http = new Http(server.url());
        String versions = "/api/v1/components/" + component + "/versions?window=15m";

        // the component has no route yet: its first event waits, on both versions
        send(cluster, registry.url(), source, null, "before-any-route");
        for (String version : ReleaseDemo.VERSIONS) {
            JsonNode paused = await().atMost(PATIENCE).until(() -> paused(http, versions, version), p -> p.size() == 1)
                    .get(0);
            assertThat(paused.path("topic").asText()).isEqualTo(source);
            assertThat(paused.path("partition").asInt()).isZero();
            assertThat(paused.path("offset").asLong()).isZero();
            assertThat(paused.path("reason").asText()).isEqualTo("routes");
            assertThat(Instant.parse(paused.path("since").asText())).isBefore(Instant.now());
            assertThat(paused.path("instance").asText()).isEqualTo(version + "-health-it");
        }
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.systemUTC())) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version(ReleaseDemo.BUGGY_VERSION), null,
                    "test", "the component's first route");
        }
        for (String version : ReleaseDemo.VERSIONS) {
            await().atMost(PATIENCE).until(() -> paused(http, versions, version).isEmpty());
        }

        // dated ahead of the route horizon: paused until the history covers it, then processed
        Instant future = Instant.now().plus(AHEAD);
        send(cluster, registry.url(), source, future, "dated-ahead");
        for (String version : ReleaseDemo.VERSIONS) {
            JsonNode paused = await().atMost(PATIENCE).until(() -> paused(http, versions, version), p -> p.size() == 1)
                    .get(0);
            assertThat(paused.path("offset").asLong()).isEqualTo(1);
            assertThat(paused.path("reason").asText()).isEqualTo("routes");
            assertThat(Instant.parse(paused.path("eventTime").asText())).isEqualTo(future.truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS));
        }
        for (String version : ReleaseDemo.VERSIONS) {
            await().atMost(PATIENCE).until(() -> paused(http, versions, version).isEmpty());
        }

        // not an event at all: one dead letter on behalf of no version, no version's error
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(source, "k".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        send(cluster, registry.url(), source, null, "after-the-bad-record");
        JsonNode body = await().atMost(PATIENCE).until(() -> http.get(versions, null).json(),
                b -> b.path("unroutable").asLong() == 1 && outcomes(b, ReleaseDemo.BUGGY_VERSION) == 3);
        for (JsonNode version : body.path("versions")) {
            assertThat(version.path("errors").asLong()).as("errors of %s", version.path("version")).isZero();
            assertThat(version.path("errorRate").asDouble()).isZero();
            assertThat(version.path("pausedPartitions")).isEmpty();
        }
        assertThat(outcomes(body, "v2")).isZero();
    }

    private static JsonNode paused(Http http, String path, String version) {
        for (JsonNode v : http.get(path, null).json().path("versions")) {
            if (v.path("version").asText().equals(version)) {
                return v.path("pausedPartitions");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static long outcomes(JsonNode body, String version) {
        for (JsonNode v : body.path("versions")) {
            if (v.path("version").asText().equals(version)) {
                return v.path("outcomes").asLong();
            }
        }
        return -1;
    }

    /** A commit of project p1 of customer acme, dated {@code time} (null: now). */
    private static void send(KafkaCluster cluster, String registryUrl, String source, Instant time, String eventId)
            throws Exception {
        try (AvroSerializer serializer = new AvroSerializer();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientConfig(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(Map.of("schema.registry.url", registryUrl,
                    "value.subject.name.strategy", "dev.rewind.schemas.serde.TopicRecordNameStrategy"), false);
            producer.send(new ProducerRecord<>(source, 0, time == null ? null : time.toEpochMilli(),
                    "p1".getBytes(StandardCharsets.UTF_8), serializer.serialize(source, ReleaseEvents.commitPushed(
                            eventId, ReleaseEvents.cohort("acme", "pro", "p1"), ReleaseDemo.RELEASE_BRANCH, "sha",
                            "ada")))).get();
        }
    }

    private <T extends AutoCloseable> T push(T resource) {
        return resources.push(resource);
    }
}
