package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.routing.FixedOwnershipTime;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.testsupport.SchemaRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 8 for timestamps: an event dated far in the future (the broker accepts up to an hour
 * ahead by default) pauses its partition at most about {@code event.time.after.max.ms}, for every
 * version, and still ends with exactly one outcome from the one version that owns it.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class FutureDatedEventsIT {

    /** The bound under test: one future-dated event may pause a partition about this long. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final SchemaRegistryServer registry;

    FutureDatedEventsIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    static final class Echo implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) {
        }
    }

    @Test
    void anEventDatedFiftyMinutesAheadDoesNotBlockItsPartitionBeyondTheBound(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(settings(fixture, "v1", "a"), Echo::new);
            fixture.start(settings(fixture, "v2", "b"), Echo::new);

            Instant future = Instant.now().plus(Duration.ofMinutes(50));
            fixture.produce(List.of(RuntimeFixture.event("before", "acme", "p")));
            fixture.produceRaw(List.of(new ProducerRecord<>(fixture.source, 0, future.toEpochMilli(),
                    "p".getBytes(StandardCharsets.UTF_8), fixture.serialize(RuntimeFixture.event("future", "acme", "p")))));
            fixture.produce(List.of(RuntimeFixture.event("after-1", "acme", "p"), RuntimeFixture.event("after-2",
                    "acme", "p")));

            // without the rule both versions wait for the wall clock to reach the event: 50 minutes
            fixture.awaitCommitted(List.of("v1", "v2"), 4, Duration.ofSeconds(60));

            List<Outcome> outcomes = fixture.committedOutcomes();
            assertThat(outcomes).extracting(Outcome::getEventId)
                    .containsExactlyInAnyOrder("before", "future", "after-1", "after-2");
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.getVersion()).isEqualTo("v1");
                assertThat(o.getStatus()).isEqualTo(OutcomeStatus.OK);
            });
            try (RouteLog routes = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> routes.history()
                        .fixedOwnershipTime(new TopicPartition(fixture.source, 0), 1).isPresent());
                FixedOwnershipTime fixed = routes.history()
                        .fixedOwnershipTime(new TopicPartition(fixture.source, 0), 1).orElseThrow();
                assertThat(fixed.eventTime()).isEqualTo(Instant.ofEpochMilli(future.toEpochMilli()));
                assertThat(fixed.ownershipTime()).isBefore(Instant.now().plus(Duration.ofMinutes(1)));
            }
        }
    }

    @Test
    void anEventDatedWithinTheBoundWaitsForTheRouteHistoryAndIsNotFixed(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(settings(fixture, "v1", "a"), Echo::new);
            Map<String, Object> wide = settings(fixture, "v2", "b");
            wide.put(EngineConfig.EVENT_TIME_AFTER_MAX_MS_CONFIG, Long.toString(Duration.ofMinutes(5).toMillis()));
            fixture.start(wide, Echo::new);

            // 3 s ahead: inside the route horizon's lead, decided as soon as the horizon passes it
            fixture.produce(List.of(RuntimeFixture.event("soon", "acme", "p")), Instant.now().plusSeconds(3));
            fixture.awaitCommitted(List.of("v1", "v2"), 1, Duration.ofSeconds(60));
            assertThat(fixture.committedOutcomes()).extracting(Outcome::getEventId, Outcome::getVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("soon", "v1"));
            try (RouteLog routes = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> routes.ownershipHorizon().isAfter(Instant.now()));
                assertThat(routes.history().fixedOwnershipTime(new TopicPartition(fixture.source, 0), 0)).isEmpty();
            }
        }
    }

    private static Map<String, Object> settings(RuntimeFixture fixture, String version, String instance) {
        Map<String, Object> settings = fixture.settings(version, instance);
        settings.put(EngineConfig.EVENT_TIME_AFTER_MAX_MS_CONFIG, Long.toString(BOUND.toMillis()));
        return settings;
    }
}
