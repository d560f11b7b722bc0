package dev.rewind.engine.routing;

import dev.rewind.protocol.CohortSelector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.avro.RouteChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class RouteLogIT {

    private static final String C = "release-coordinator";
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(500));
    private static final List<Cohort> COHORTS = List.of(Cohort.none(), Cohort.of("acme", "pro", "p1"),
            Cohort.of("acme", "free", "p2"), Cohort.ofPlan("pro"), Cohort.ofCustomer("globex"));

    private static String uniqueTopic() {
        return "routes-" + UUID.randomUUID();
    }

    private static RouteLog.Options options(KafkaCluster cluster, String topic) {
        return RouteLog.Options.of(cluster.clientConfig()).withTopic(topic).withTiming(TIMING);
    }

    @Test
    void twoRouteLogsConvergeOnTheSameOwnersAndTheHorizonAdvances(KafkaCluster cluster) throws Exception {
        String topic = uniqueTopic();
        Instant start = Instant.now();
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), topic, TIMING, Clock.systemUTC());
                RouteLog early = RouteLog.start(options(cluster, topic))) {
            publisher.setChannel(C, Channel.STABLE, "v1", null, "ops", "initial");
            publisher.setChannel(C, Channel.BETA, "v2", null, "ops", "initial");
            publisher.setRoute(C, CohortSelector.DEFAULT, RouteTarget.channel(Channel.STABLE), null, "ops", "all");
            publisher.setRoute(C, CohortSelector.plan("pro"), RouteTarget.channel(Channel.BETA), null, "ops", "pro");
            publisher.setRoute(C, CohortSelector.project("p1"), RouteTarget.version("v3"), null, "ops", "p1");
            publisher.unsetRoute(C, CohortSelector.project("p1"), start.plusSeconds(30), "ops", "p1 back");
            RouteChange override = publisher.overrideForReplay(C, CohortSelector.customer("acme"), "v4",
                    start.minusSeconds(60), start.plusSeconds(5), ReplayId.of("r-1"), "ops", "replay");

            assertThat(override.getEffectiveFrom()).as("overrides may be retroactive")
                    .isEqualTo(start.minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            try (RouteLog late = RouteLog.start(options(cluster, topic))) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(early.history().size()).isEqualTo(7);
                    assertThat(late.history().size()).isEqualTo(7);
                });
                for (Cohort cohort : COHORTS) {
                    for (int s = -120; s < 60; s += 3) {
                        Instant t = start.plusSeconds(s);
                        assertThat(late.history().owner(C, cohort, t))
                                .as("owner of %s at %s", cohort, t)
                                .isEqualTo(early.history().owner(C, cohort, t));
                    }
                }
            }
            Instant later = start.plusSeconds(40);
            assertThat(early.history().owner(C, Cohort.of("globex", "pro", "p1"), later))
                    .contains(new ComponentVersion(C, "v2"));
            assertThat(early.history().owner(C, Cohort.ofCustomer("acme"), start.plusSeconds(1)))
                    .contains(new ComponentVersion(C, "v4"));

            Instant horizon = early.ownershipHorizon();
            assertThat(early.awaitHorizonAfter(horizon.plusSeconds(1), Duration.ofSeconds(60))).isTrue();
            assertThat(early.decide(C, Cohort.none(), early.ownershipHorizon().plusSeconds(60)))
                    .isInstanceOf(Ownership.Undecided.class);
        }
    }

    @Test
    void ordinaryChangesNeverTakeEffectBeforeTheirPublicationPlusTheMargin(KafkaCluster cluster) {
        String topic = uniqueTopic();
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), topic, TIMING, Clock.systemUTC());
                RouteLog log = RouteLog.start(options(cluster, topic))) {
            RouteChange change = publisher.setRoute(C, CohortSelector.DEFAULT, RouteTarget.version("v1"),
                    Instant.now().minusSeconds(3600), "ops", "asked for the past");

            assertThat(change.getEffectiveFrom())
                    .isAfterOrEqualTo(change.getPublishedAt().plus(TIMING.margin()));
            await().atMost(Duration.ofSeconds(90)).until(() -> log.history().size() == 1);
            // an event before the first route is owned as at the first route, so the change is seen from its
            // effective time on: nothing of it applies earlier than that
            assertThat(log.history().ownershipTime(C, change.getPublishedAt())).isEqualTo(change.getEffectiveFrom());
            assertThat(log.history().owner(C, Cohort.none(), change.getEffectiveFrom()))
                    .contains(new ComponentVersion(C, "v1"));
        }
    }

    @Test
    void undecodableRecordsAreSkippedAndLaterChangesStillRead(KafkaCluster cluster) {
        String topic = uniqueTopic();
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), topic, TIMING, Clock.systemUTC());
                KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(cluster.clientConfig(),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, "junk".getBytes(), new byte[] {1, 2, 3}));
            raw.flush();
            publisher.setRoute(C, CohortSelector.DEFAULT, RouteTarget.version("v1"), null, "ops", "after junk");
            try (RouteLog log = RouteLog.start(options(cluster, topic))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> log.history().size() == 1);
            }
        }
    }

}
