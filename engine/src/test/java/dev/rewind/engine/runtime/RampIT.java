package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.RampedTarget;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.testsupport.SchemaRegistryExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 1 under a ramp on a real broker: the default route ramps v2 in over customer values
 * from 0% to 100% in steps while events flow, v2's instance starts late (it lags behind v1 by the
 * whole first half of the traffic) and a second v1 instance joins midway (a rebalance): every event
 * gets exactly one live outcome, from the version the route history names, and a customer that
 * reached v2 is never processed by v1 again.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class RampIT {

    private static final int[] STEPS = {0, 1000, 2500, 5000, 10_000};
    private static final int CUSTOMERS = 24;

    private final SchemaRegistryServer registry;

    RampIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void aRampFromZeroToHundredPercentKeepsOneOwnerPerEventAndMovesCustomersOneWay(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 3, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new ComponentRuntimeIT.EchoProcessor(fixture.output));

            List<String> ids = new ArrayList<>();
            try (RoutePublisher publisher = fixture.publisher()) {
                for (int round = 0; round < 26; round++) {
                    if (round % 3 == 0 && round / 3 < STEPS.length) { // each step takes effect a margin later
                        int points = STEPS[round / 3];
                        publisher.setRoute(fixture.component, CohortSelector.DEFAULT, RouteTarget.version("v1"),
                                new RampedTarget(new Ramp(Ramp.Dimension.CUSTOMER, points), RouteTarget.version("v2")),
                                null, "test", "ramp v2 to " + points + " basis points");
                    }
                    if (round == 8) {
                        fixture.start(fixture.settings("v1", "b"),
                                () -> new ComponentRuntimeIT.EchoProcessor(fixture.output));
                    }
                    if (round == 13) {
                        fixture.start(fixture.settings("v2", "a"),
                                () -> new ComponentRuntimeIT.EchoProcessor(fixture.output));
                    }
                    List<CommitPushed> batch = new ArrayList<>();
                    for (int i = 0; i < CUSTOMERS; i++) {
                        String id = "r" + round + "-" + i;
                        ids.add(id);
                        batch.add(RuntimeFixture.event(id, "customer-" + i, "p" + (i % 5)));
                    }
                    fixture.produce(batch);
                    Instant next = Instant.now().plusSeconds(1);
                    await().atMost(RuntimeFixture.PATIENCE).until(() -> Instant.now().isAfter(next));
                }
            }

            List<Outcome> outcomes = fixture.outcomes(list -> list.stream().map(Outcome::getEventId)
                    .collect(Collectors.toSet()).size() >= ids.size());

            assertThat(outcomes).as("one live outcome per event").hasSize(ids.size());
            assertThat(outcomes).extracting(Outcome::getEventId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(outcomes).extracting(Outcome::getVersion).contains("v1", "v2");
            try (RouteLog log = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()))) {
                Instant last = outcomes.stream().map(Outcome::getEventTime).max(Instant::compareTo).orElseThrow();
                assertThat(log.awaitHorizonAfter(last, RuntimeFixture.PATIENCE)).isTrue();
                for (Outcome outcome : outcomes) {
                    assertThat(log.history().owner(fixture.component, cohort(outcome), outcome.getEventTime()))
                            .as("owner of %s", outcome.getEventId()).map(ComponentVersion::version)
                            .contains(outcome.getVersion());
                }
            }
            Map<String, List<Outcome>> byCustomer = outcomes.stream()
                    .collect(Collectors.groupingBy(o -> o.getCohort().getCustomer()));
            Map<String, String> lastVersion = new HashMap<>();
            byCustomer.forEach((customer, list) -> {
                list.sort(Comparator.comparing(Outcome::getEventTime));
                String previous = "v1";
                for (Outcome o : list) {
                    assertThat(previous.equals("v2") && o.getVersion().equals("v1"))
                            .as("%s back on v1 at %s", customer, o.getEventTime()).isFalse();
                    previous = o.getVersion();
                }
                lastVersion.put(customer, previous);
            });
            assertThat(Set.copyOf(lastVersion.values())).as("after the 100% step every customer is on v2")
                    .containsExactly("v2");
        }
    }

    private static Cohort cohort(Outcome outcome) {
        return Cohort.of(outcome.getCohort().getCustomer(), outcome.getCohort().getPlan(),
                outcome.getCohort().getProject());
    }
}
