package dev.rewind.engine.replay;

import dev.rewind.protocol.control.ControlLog;
import static dev.rewind.engine.replay.ReplayIT.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.ReplayFixture.Output;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.DryRunDifference;
import dev.rewind.schemas.avro.DryRunDifferenceKind;
import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.DryRunState;
import dev.rewind.schemas.avro.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A dry run reports what a replay would change, and changes nothing. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class DryRunIT {

    private final SchemaRegistryServer registry;

    DryRunIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void aDryRunCountsTheOutputsTheFixWouldChangeAndCommitsNothing(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (ReplayFixture fixture = new ReplayFixture(cluster, registry.url(), stateDir, 3);
             ControlLog control = fixture.controlLog()) {
            ReplayIT.routeAcmeAndInitechToV1(fixture);
            fixture.start(fixture.settings("v1", "a"), ReplayFixture.Processor.v1(fixture.output));
            fixture.start(fixture.settings("v2", "a"), ReplayFixture.Processor.v2(fixture.output));
            Instant from = Instant.now().minusSeconds(1);
            // v1's bug hits acme's enterprise projects only: half of acme's events
            List<CommitPushed> window = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                window.add(ReplayFixture.event("w-acme-" + i, "acme", i % 2 == 0 ? "enterprise" : "team",
                        "acme-p" + (i % 4)));
                window.add(ReplayFixture.event("w-initech-" + i, "initech", "enterprise", "initech-p" + (i % 4)));
                window.add(ReplayFixture.event("w-globex-" + i, "globex", "team", "globex-p" + (i % 4)));
            }
            fixture.produce(window, Instant.now());
            List<Output> outputsBefore = fixture.outputs(list -> list.size() >= window.size());
            List<Outcome> outcomesBefore = fixture.outcomes(list -> list.size() >= window.size());
            Map<TopicPartition, OffsetAndMetadata> v2Offsets = ReplayIT.committed(cluster, fixture.component + ".v2");
            Map<TopicPartition, OffsetAndMetadata> v1Offsets = ReplayIT.committed(cluster, fixture.component + ".v1");

            ReplayId id = fixture.startReplay("v2", ACME, from, Instant.now(), null, false, true);
            await().atMost(ReplayFixture.PATIENCE).until(() -> control.dryRunReport(id).isPresent());
            DryRunResult result = control.dryRunReport(id).orElseThrow().toAvro();

            assertThat(result.getState()).isEqualTo(DryRunState.COMPLETED);
            assertThat(result.getEvents()).isEqualTo(20);
            assertThat(result.getChanged()).isEqualTo(10);
            assertThat(result.getSame()).isEqualTo(10);
            assertThat(result.getAdded()).isZero();
            assertThat(result.getMissing()).isZero();
            assertThat(result.getSample()).hasSize(10).allSatisfy(difference -> {
                assertThat(difference.getKind()).isEqualTo(DryRunDifferenceKind.CHANGED);
                assertThat(difference.getExpected()).startsWith(difference.getEventId() + ":WRONG:");
                assertThat(difference.getActual()).startsWith(difference.getEventId() + ":ok:");
            });
            assertThat(result.getSample()).extracting(DryRunDifference::getEventId)
                    .allMatch(e -> Integer.parseInt(e.substring("w-acme-".length())) % 2 == 0);

            // nothing changed: no output, outcome, plan, progress or offset moved
            assertThat(fixture.outputs(list -> true)).containsExactlyInAnyOrderElementsOf(outputsBefore);
            assertThat(fixture.outcomes(list -> true)).containsExactlyInAnyOrderElementsOf(outcomesBefore);
            assertThat(ReplayIT.committed(cluster, fixture.component + ".v2")).isEqualTo(v2Offsets);
            assertThat(ReplayIT.committed(cluster, fixture.component + ".v1")).isEqualTo(v1Offsets);
            assertThat(control.plans(id)).isEmpty();
            assertThat(control.progress(id)).isEmpty();
        }
    }
}
