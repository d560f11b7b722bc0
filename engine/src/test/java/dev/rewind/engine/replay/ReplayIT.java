package dev.rewind.engine.replay;

import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ReplayProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.ReplayFixture.Output;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays on a real broker: invariants 3 (equivalence), 4 (blast radius) and 5 (no stop). Buggy v1
 * owns customer acme; the replay moves acme's window to the fixed v2 and reprocesses it.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class ReplayIT {

    static final CohortSelector ACME = CohortSelector.customer("acme");
    private final SchemaRegistryServer registry;

    ReplayIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    /** acme (enterprise, hit by v1's bug), initech (enterprise, stays on v1), globex (team, on v2). */
    static List<CommitPushed> events(String prefix, int perCustomer) {
        List<CommitPushed> events = new ArrayList<>();
        for (int i = 0; i < perCustomer; i++) {
            events.add(ReplayFixture.event(prefix + "-acme-" + i, "acme", "enterprise", "acme-p" + (i % 6)));
            events.add(ReplayFixture.event(prefix + "-initech-" + i, "initech", "enterprise", "initech-p" + (i % 6)));
            events.add(ReplayFixture.event(prefix + "-globex-" + i, "globex", "team", "globex-p" + (i % 6)));
        }
        return events;
    }

    static void routeAcmeAndInitechToV1(ReplayFixture fixture) {
        fixture.route(CohortSelector.DEFAULT, "v2");
        fixture.route(ACME, "v1");
        fixture.route(CohortSelector.customer("initech"), "v1");
    }

    @Test
    void replaysOnlyTheCohortsWindowOntoTheFixedVersionWhileLiveTrafficFlows(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        try (ReplayFixture fixture = new ReplayFixture(cluster, registry.url(), stateDir, 3);
             ReplayFixture reference = new ReplayFixture(cluster, registry.url(), stateDir, 3);
             ControlLog control = fixture.controlLog()) {
            // v2 owned acme until the buggy v1 took it over at 'from'; the reference kept it on v2
            Instant from = Instant.now().minus(Duration.ofMinutes(30));
            fixture.route(CohortSelector.DEFAULT, "v2");
            fixture.route(CohortSelector.customer("initech"), "v1");
            fixture.route(ACME, "v1", from);
            reference.route(CohortSelector.DEFAULT, "v2");
            fixture.start(fixture.settings("v1", "a"), ReplayFixture.Processor.v1(fixture.output));
            fixture.start(fixture.settings("v2", "a"), ReplayFixture.Processor.v2(fixture.output));
            reference.start(reference.settings("v2", "a"), ReplayFixture.Processor.v2(reference.output));

            Instant early = from.minus(Duration.ofMinutes(10));
            List<CommitPushed> before1 = events("e", 10);
            List<CommitPushed> window = events("w", 30);
            Instant now = Instant.now();
            for (ReplayFixture each : List.of(fixture, reference)) {
                each.produce(before1, early);
                each.produce(window, now);
            }
            int produced = before1.size() + window.size();
            List<Output> before = fixture.outputs(list -> list.size() >= produced);
            List<Outcome> outcomesBefore = fixture.outcomes(list -> list.size() >= produced);
            List<Output> expected = reference.outputs(list -> list.size() >= produced);
            assertThat(before).filteredOn(o -> o.value().contains(":WRONG")).hasSize(70);
            Map<TopicPartition, OffsetAndMetadata> v1Offsets = committed(cluster, fixture.component + ".v1");

            Instant to = Instant.now();
            ReplayId id = fixture.startReplay("v2", ACME, from, to, 10.0, true, false);
            List<CommitPushed> live = events("live", 10);
            fixture.produce(live, Instant.now());
            List<Integer> groupSizes = new ArrayList<>();
            await().atMost(ReplayFixture.PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                groupSizes.add(members(cluster, fixture.component + ".v2"));
                assertThat(committed(cluster, fixture.component + ".v1")).allSatisfy((tp, offset) ->
                        assertThat(offset.offset()).isGreaterThanOrEqualTo(v1Offsets.get(tp).offset()));
                return completedPartitions(control, id) == 3;
            });
            int total = produced + live.size() + 30;
            List<Output> after = fixture.outputs(list -> list.size() >= total);
            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= total);

            // equivalence: per acme event, the replay's output is what v2 produced when it owned acme
            List<Output> replayed = after.stream().filter(o -> id.value().equals(o.replayId())).toList();
            Map<String, String> reproduced = replayed.stream().collect(Collectors.toMap(Output::eventId,
                    o -> o.key() + "=" + o.value()));
            Map<String, String> reference1 = expected.stream().filter(o -> o.eventId().startsWith("w-acme-"))
                    .collect(Collectors.toMap(Output::eventId, o -> o.key() + "=" + o.value()));
            assertThat(reproduced).hasSize(30).isEqualTo(reference1);
            assertThat(replayed).allSatisfy(o -> assertThat(o.version()).isEqualTo("v2"));
            // and the entity state of acme is what it is in the reference (live acme events came after)
            assertThat(fixture.finalState("v2", entity -> entity.startsWith("acme-")))
                    .isEqualTo(reference.finalState("v2", entity -> entity.startsWith("acme-")))
                    .hasSize(6);
            assertThat(outcomes).filteredOn(o -> id.value().equals(o.getReplayId()))
                    .hasSize(30).allSatisfy(o -> assertThat(o.getStatus()).isEqualTo(OutcomeStatus.OK))
                    .extracting(Outcome::getEventId).allMatch(e -> e.startsWith("w-acme-"));

            // blast radius: everything committed before is still there, and nothing else is new but
            // the replay's outputs and one live output per live event
            assertThat(after).containsAll(before);
            List<Output> added = new ArrayList<>(after);
            added.removeAll(before);
            added.removeAll(replayed);
            assertThat(added).extracting(Output::eventId)
                    .containsExactlyInAnyOrderElementsOf(live.stream().map(CommitPushed::getEventId).toList());
            assertThat(added).allSatisfy(o -> assertThat(o.replayId()).isNull());
            assertThat(outcomes).containsAll(outcomesBefore);
            Map<String, Long> perEvent = outcomes.stream().filter(o -> o.getReplayId() == null)
                    .collect(Collectors.groupingBy(Outcome::getEventId, Collectors.counting()));
            assertThat(perEvent).hasSize(produced + live.size()).allSatisfy((e, n) -> assertThat(n).isOne());
            assertThat(committed(cluster, fixture.component + ".v1")).allSatisfy((tp, offset) ->
                    assertThat(offset.offset()).isGreaterThanOrEqualTo(v1Offsets.get(tp).offset()));

            // no stop: the group kept its member throughout
            assertThat(groupSizes).isNotEmpty().allSatisfy(n -> assertThat(n).isPositive());
            assertThat(control.progress(id).values()).allSatisfy(s ->
                    assertThat(s.state()).isEqualTo(ReplayProgress.State.COMPLETED));
            assertThat(control.progress(id).values().stream().mapToLong(s -> s.counts().reprocessed()).sum())
                    .isEqualTo(30);
        }
    }

    static long completedPartitions(ControlLog control, ReplayId id) {
        return control.progress(id).values().stream()
                .filter(s -> s.state() == ReplayProgress.State.COMPLETED).count();
    }

    static Map<TopicPartition, OffsetAndMetadata> committed(KafkaCluster cluster, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = cluster.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static int members(KafkaCluster cluster, String group) throws Exception {
        ConsumerGroupDescription description = cluster.admin().describeConsumerGroups(List.of(group))
                .describedGroups().get(group).get(60, TimeUnit.SECONDS);
        return description.members().size();
    }
}
