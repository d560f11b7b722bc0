package dev.rewind.engine.replay;

import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ReplayProgress;
import static dev.rewind.engine.replay.ReplayIT.ACME;
import static dev.rewind.engine.replay.ReplayIT.completedPartitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.ReplayFixture.Output;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A replay whose partitions move mid-way (crash, rebalance) completes exactly once; a cancelled one stops. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class ReplayRecoveryIT {

    private final SchemaRegistryServer registry;

    ReplayRecoveryIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void aReplayContinuesOnTheReplacementOfACrashedInstanceWithNothingLostOrDoubled(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        try (ReplayFixture fixture = new ReplayFixture(cluster, registry.url(), stateDir, 3);
             ControlLog control = fixture.controlLog()) {
            ReplayIT.routeAcmeAndInitechToV1(fixture);
            fixture.start(fixture.settings("v1", "a"), ReplayFixture.Processor.v1(fixture.output));
            // w-acme-29 is the last of its entity's five events: it hangs after its entity's first replayed events committed
            ReplayFixture.Processor hangs = new ReplayFixture.Processor(fixture.output, false, "w-acme-29");
            Map<String, Object> crashing = fixture.settings("v2", "a");
            crashing.put("consumer.max.poll.interval.ms", "10000");
            // the live processor is the hanging one; the start-up check and dry runs get other instances
            AtomicBoolean live = new AtomicBoolean();
            ComponentRuntime zombie = fixture.start(crashing, () -> live.compareAndSet(false, true) ? hangs
                    : new ReplayFixture.Processor(fixture.output, false, null));
            Instant from = Instant.now().minusSeconds(1);
            List<CommitPushed> window = ReplayIT.events("w", 30);
            fixture.produce(window, Instant.now());
            fixture.outcomes(list -> list.size() >= window.size());

            // slow enough that the replay commits several times before it hangs: the replacement must
            // not rewind the entities the replay already rebuilt
            ReplayId id = fixture.startReplay("v2", ACME, from, Instant.now(), 1.0, true, false);
            assertThat(hangs.hanging.await(ReplayFixture.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // same instance id on another host: the replacement fences the hung instance, whose open
            // transaction aborts
            Map<String, Object> replacement = fixture.settings("v2", "a");
            replacement.put(EngineConfig.STATE_DIR_CONFIG, stateDir.resolve("replacement").toString());
            fixture.start(replacement, ReplayFixture.Processor.v2(fixture.output));
            await().atMost(ReplayFixture.PATIENCE).until(() -> completedPartitions(control, id) == 3);
            hangs.release.countDown();
            await().atMost(ReplayFixture.PATIENCE).until(() -> zombie.state() == ComponentRuntime.State.FAILED);

            assertReplayedExactlyOnce(fixture, id, window.size());
        }
    }

    @Test
    void aReplayContinuesOnAnotherInstanceAfterARebalanceWithNothingLostOrDoubled(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        try (ReplayFixture fixture = new ReplayFixture(cluster, registry.url(), stateDir, 3);
             ControlLog control = fixture.controlLog()) {
            ReplayIT.routeAcmeAndInitechToV1(fixture);
            fixture.start(fixture.settings("v1", "a"), ReplayFixture.Processor.v1(fixture.output));
            ComponentRuntime first = fixture.start(fixture.settings("v2", "a"),
                    ReplayFixture.Processor.v2(fixture.output));
            fixture.start(fixture.settings("v2", "b"), ReplayFixture.Processor.v2(fixture.output));
            Instant from = Instant.now().minusSeconds(1);
            List<CommitPushed> window = ReplayIT.events("w", 30);
            fixture.produce(window, Instant.now());
            fixture.outcomes(list -> list.size() >= window.size());

            ReplayId id = fixture.startReplay("v2", ACME, from, Instant.now(), 3.0, true, false);
            await().atMost(ReplayFixture.PATIENCE).until(() -> control.progress(id).values().stream()
                    .anyMatch(s -> s.counts().reprocessed() > 0 && s.state() == ReplayProgress.State.RUNNING));
            first.close();
            await().atMost(ReplayFixture.PATIENCE).until(() -> completedPartitions(control, id) == 3);

            assertReplayedExactlyOnce(fixture, id, window.size());
            assertThat(control.progress(id).values()).extracting(ReplayProgress::instanceId).contains("b");
        }
    }

    @Test
    void aCancelledReplayStopsWhereItIsAndTheVersionGoesOnLive(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (ReplayFixture fixture = new ReplayFixture(cluster, registry.url(), stateDir, 3);
             ControlLog control = fixture.controlLog()) {
            ReplayIT.routeAcmeAndInitechToV1(fixture);
            fixture.start(fixture.settings("v1", "a"), ReplayFixture.Processor.v1(fixture.output));
            fixture.start(fixture.settings("v2", "a"), ReplayFixture.Processor.v2(fixture.output));
            Instant from = Instant.now().minusSeconds(1);
            List<CommitPushed> window = ReplayIT.events("w", 30);
            fixture.produce(window, Instant.now());
            fixture.outcomes(list -> list.size() >= window.size());
            Instant to = Instant.now();

            ReplayId id = fixture.startReplay("v2", ACME, from, to, 1.0, true, false);
            await().atMost(ReplayFixture.PATIENCE).until(() -> control.progress(id).values().stream()
                    .anyMatch(s -> s.counts().reprocessed() > 0));
            fixture.cancelReplay(id, "v2", ACME, from, to);
            await().atMost(ReplayFixture.PATIENCE).until(() -> control.progress(id).size() == 3
                    && control.progress(id).values().stream().allMatch(s -> s.state().isFinal()));
            List<CommitPushed> live = ReplayIT.events("live", 5);
            fixture.produce(live, Instant.now());

            List<Output> outputs = fixture.outputs(list -> list.stream()
                    .filter(o -> o.eventId().startsWith("live-")).count() >= live.size());
            long replayed = outputs.stream().filter(o -> id.value().equals(o.replayId())).count();
            long reported = control.progress(id).values().stream().mapToLong(s -> s.counts().reprocessed()).sum();
            assertThat(control.progress(id).values()).extracting(ReplayProgress::state)
                    .contains(ReplayProgress.State.CANCELLED);
            assertThat(replayed).isEqualTo(reported).isLessThan(30);
            assertThat(outputs).filteredOn(o -> o.eventId().startsWith("live-"))
                    .hasSize(live.size()).allSatisfy(o -> assertThat(o.replayId()).isNull());
        }
    }

    /**
     * Every acme event of the window has exactly one replay output, the fixed one; nothing else was
     * replayed; each acme entity counted each of its five events once.
     */
    private static void assertReplayedExactlyOnce(ReplayFixture fixture, ReplayId id, int windowSize) {
        List<Output> outputs = fixture.outputs(list -> list.stream()
                .filter(o -> id.value().equals(o.replayId())).count() >= 30 && list.size() >= windowSize + 30);
        Map<String, List<String>> replayed = outputs.stream().filter(o -> id.value().equals(o.replayId()))
                .collect(Collectors.groupingBy(Output::eventId, Collectors.mapping(Output::value, Collectors.toList())));
        assertThat(replayed).hasSize(30);
        assertThat(replayed).allSatisfy((eventId, values) -> {
            assertThat(eventId).startsWith("w-acme-");
            assertThat(values).singleElement().asString().startsWith(eventId + ":ok:");
        });
        assertThat(outputs).filteredOn(o -> o.replayId() == null).hasSize(windowSize);
        assertThat(fixture.finalState("v2", entity -> entity.startsWith("acme-")))
                .hasSize(6).allSatisfy((entity, count) -> assertThat(count).isEqualTo("5"));
    }
}
