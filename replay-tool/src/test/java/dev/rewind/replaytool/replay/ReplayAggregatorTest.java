package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.api.replays.ReplayState;
import dev.rewind.api.replays.PartitionStatus;
import dev.rewind.api.replays.PartitionState;
import dev.rewind.api.replays.DryRunReport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.routing.CohortSelector;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private final ReplaySpec spec = new ReplaySpec(ReplayId.of("r1"), new ComponentVersion("coord", "v2"),
            CohortSelector.customer("acme"), new ReplayWindow(T0, T0.plusSeconds(600)), false,
            OptionalDouble.empty(), "bug 12", "alice", T0.plusSeconds(700));

    private static PartitionPlan plan(TopicPartition tp, long start, long end) {
        return new PartitionPlan(tp, start, end, T0.plusSeconds(800));
    }

    private static PartitionProgress progress(TopicPartition tp, long position, PartitionState state, long secondsAfterPlan) {
        return new PartitionProgress(tp, position, 5, 20, 0, state, T0.plusSeconds(800 + secondsAfterPlan), "i-1", null);
    }

    @Test
    void aReplayWithoutPlansIsPendingEvenWhenTheGroupHasPartitions() {
        ReplayStatus status = ReplayAggregator.status(ReplayRecord.accepted(spec), Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.PENDING);
        assertThat(status.partitions()).isEmpty();
        assertThat(status.percent()).isZero();
    }

    @Test
    void aReplayIsRunningWhileAGroupPartitionHasNoPlanYet() {
        ReplayRecord record = new ReplayRecord(spec, null, Map.of(P0, plan(P0, 10, 10)),
                Map.of(P0, progress(P0, 10, PartitionState.COMPLETED, 1)));

        ReplayStatus status = ReplayAggregator.status(record, Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.RUNNING);
        assertThat(status.partitions()).extracting(PartitionStatus::state)
                .containsExactly(PartitionState.COMPLETED, PartitionState.PENDING);
    }

    @Test
    void progressGivesPercentAndEtaFromTheRateSinceThePlan() {
        ReplayRecord record = new ReplayRecord(spec, null, Map.of(P0, plan(P0, 100, 300)),
                Map.of(P0, progress(P0, 150, PartitionState.RUNNING, 10)));

        ReplayStatus status = ReplayAggregator.status(record, Set.of(P0));

        assertThat(status.state()).isEqualTo(ReplayState.RUNNING);
        assertThat(status.percent()).isEqualTo(25.0);
        assertThat(status.offsetsDone()).isEqualTo(50);
        assertThat(status.offsetsTotal()).isEqualTo(200);
        // 50 offsets in 10 s -> 150 left take 30 s
        assertThat(status.etaSeconds()).isEqualTo(30L);
        assertThat(status.partitions().get(0).position()).isEqualTo(150L);
    }

    @Test
    void everyPartitionCompletedMakesTheReplayCompleted() {
        ReplayRecord record = new ReplayRecord(spec, null, Map.of(P0, plan(P0, 0, 40), P1, plan(P1, 7, 7)),
                Map.of(P0, progress(P0, 40, PartitionState.COMPLETED, 3),
                        P1, progress(P1, 7, PartitionState.COMPLETED, 1)));

        ReplayStatus status = ReplayAggregator.status(record, Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(status.percent()).isEqualTo(100.0);
        assertThat(status.reprocessed()).isEqualTo(10);
        assertThat(status.skipped()).isEqualTo(40);
        assertThat(status.etaSeconds()).isNull();
    }

    @Test
    void oneFailedPartitionFailsTheReplayOnceTheOthersFinished() {
        ReplayRecord running = new ReplayRecord(spec, null, Map.of(P0, plan(P0, 0, 40), P1, plan(P1, 0, 40)),
                Map.of(P0, progress(P0, 12, PartitionState.FAILED, 3), P1, progress(P1, 20, PartitionState.RUNNING, 3)));
        ReplayRecord finished = new ReplayRecord(spec, null, running.plans(),
                Map.of(P0, progress(P0, 12, PartitionState.FAILED, 3), P1, progress(P1, 40, PartitionState.COMPLETED, 5)));

        assertThat(ReplayAggregator.status(running, Set.of()).state()).isEqualTo(ReplayState.RUNNING);
        assertThat(ReplayAggregator.status(finished, Set.of()).state()).isEqualTo(ReplayState.FAILED);
    }

    @Test
    void aCancelledReplayReportsHowFarItGot() {
        ReplayRecord record = new ReplayRecord(spec, T0.plusSeconds(900), Map.of(P0, plan(P0, 0, 100)),
                Map.of(P0, progress(P0, 60, PartitionState.CANCELLED, 30)));

        ReplayStatus status = ReplayAggregator.status(record, Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.CANCELLED);
        assertThat(status.cancelRequested()).isTrue();
        assertThat(status.offsetsDone()).isEqualTo(60);
        assertThat(status.partitions()).extracting(PartitionStatus::state)
                .containsExactly(PartitionState.CANCELLED, PartitionState.CANCELLED);
    }

    @Test
    void aReplayCancelledBeforeAnyPlanIsCancelled() {
        ReplayRecord record = new ReplayRecord(spec, T0.plusSeconds(900), Map.of(), Map.of());

        assertThat(ReplayAggregator.status(record, Set.of(P0)).state()).isEqualTo(ReplayState.CANCELLED);
    }

    @Test
    void aDryRunIsFinishedWhenItsResultIsWrittenAndReportsTheCounts() {
        DryRunReport report = new DryRunReport(40, 30, 8, 1, 1, 0, java.util.List.of(
                new DryRunReport.Difference("e7", "changed", "decisions", "p1", "{\"ok\":false}", "{\"ok\":true}")),
                false, null, T0.plusSeconds(900), "i-1");
        ReplayRecord pending = new ReplayRecord(spec, null, Map.of(), Map.of());
        ReplayRecord done = new ReplayRecord(spec, null, Map.of(), Map.of(), report);

        assertThat(ReplayAggregator.status(pending, Set.of(P0)).dryRunResult()).isNull();
        ReplayStatus status = ReplayAggregator.status(done, Set.of(P0));
        assertThat(status.state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(status.dryRunResult().changed()).isEqualTo(8);
        assertThat(status.dryRunResult().sample()).extracting(DryRunReport.Difference::eventId).containsExactly("e7");
    }
}
