package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 1: with two versions running and routes changing, each event is processed by exactly one. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class SideBySideVersionsIT {

    private final SchemaRegistryServer registry;

    SideBySideVersionsIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void processesEveryEventByExactlyItsOwnerWhileRoutesChange(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 3, (short) 1)) {
            fixture.routeEverythingTo("v1");
            ComponentRuntime v1 = fixture.start(fixture.settings("v1", "a"),
                    () -> new ComponentRuntimeIT.EchoProcessor(fixture.output));
            ComponentRuntime v2 = fixture.start(fixture.settings("v2", "a"),
                    () -> new ComponentRuntimeIT.EchoProcessor(fixture.output));

            List<String> ids = new ArrayList<>();
            try (RoutePublisher publisher = fixture.publisher()) {
                for (int round = 0; round < 16; round++) {
                    // every change takes effect a margin (10 s) after publication, amid the traffic
                    switch (round) {
                        case 1 -> publisher.setRoute(fixture.component, CohortSelector.customer("acme"),
                                RouteTarget.version("v2"), null, "test", "acme tries v2");
                        case 4 -> publisher.setRoute(fixture.component, CohortSelector.DEFAULT,
                                RouteTarget.version("v2"), null, "test", "everyone on v2");
                        case 6 -> publisher.setRoute(fixture.component, CohortSelector.project("p1"),
                                RouteTarget.version("v1"), null, "test", "p1 back to v1");
                        default -> { }
                    }
                    List<CommitPushed> batch = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        String id = "r" + round + "-" + i;
                        ids.add(id);
                        batch.add(RuntimeFixture.event(id, i % 2 == 0 ? "acme" : "globex", "p" + (i % 3)));
                    }
                    fixture.produce(batch);
                    Instant next = Instant.now().plusSeconds(1);
                    await().atMost(RuntimeFixture.PATIENCE).until(() -> Instant.now().isAfter(next));
                }
            }

            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= ids.size());
            // and nothing more arrives once both versions are past every event
            await().atMost(RuntimeFixture.PATIENCE).until(() -> skipped(v1) + skipped(v2) + processed(v1) + processed(v2)
                    >= 2L * ids.size());
            List<Outcome> settled = fixture.outcomes(list -> list.size() >= ids.size());

            assertThat(settled).hasSameSizeAs(outcomes).hasSize(ids.size());
            Map<String, Outcome> byId = settled.stream().collect(Collectors.toMap(Outcome::getEventId,
                    Function.identity()));
            assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(settled).allSatisfy(o -> assertThat(o.getStatus()).isEqualTo(OutcomeStatus.OK));
            assertThat(settled).extracting(Outcome::getVersion).contains("v1", "v2");

            try (RouteLog log = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
                Instant last = settled.stream().map(Outcome::getEventTime).max(Instant::compareTo).orElseThrow();
                assertThat(log.awaitHorizonAfter(last, RuntimeFixture.PATIENCE)).isTrue();
                for (Outcome outcome : settled) {
                    Optional<ComponentVersion> owner = log.history().owner(fixture.component, cohort(outcome),
                            outcome.getEventTime());
                    assertThat(owner).as("owner of %s", outcome.getEventId()).map(ComponentVersion::version)
                            .contains(outcome.getVersion());
                }
            }
        }
    }

    private static Cohort cohort(Outcome outcome) {
        return Cohort.of(outcome.getCohort().getCustomer(), outcome.getCohort().getPlan(),
                outcome.getCohort().getProject());
    }

    private static long skipped(ComponentRuntime runtime) {
        return (long) runtime.meterRegistry().find(EngineMetrics.SKIPPED).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static long processed(ComponentRuntime runtime) {
        return (long) runtime.meterRegistry().find(EngineMetrics.PROCESSED).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

}
