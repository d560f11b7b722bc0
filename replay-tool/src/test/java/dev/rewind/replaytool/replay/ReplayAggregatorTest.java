package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.api.replays.ReplayState;
import dev.rewind.api.replays.PartitionStatus;
import dev.rewind.api.replays.PartitionState;
import dev.rewind.api.replays.DryRunReport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.CancelReplay;
import dev.rewind.protocol.control.ReplayCounts;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.protocol.control.ReplaySnapshot;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.protocol.control.StartReplay;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private static final ComponentVersion V2 = new ComponentVersion("coord", "v2");
    private static final ReplayId ID = ReplayId.of("r1");

    private final StartReplay spec = new StartReplay(ID, V2,
            CohortSelector.customer("acme"), new ReplayWindow(T0, T0.plusSeconds(600)), false,
            OptionalDouble.empty(), "bug 12", "alice", T0.plusSeconds(700));

    private static ReplayPlan plan(TopicPartition tp, long start, long end) {
        return new ReplayPlan(ID, V2, tp, start, end, T0.plusSeconds(800));
    }

    private static ReplayProgress progress(TopicPartition tp, long position, ReplayProgress.State state,
            long secondsAfterPlan) {
        return new ReplayProgress(ID, V2, tp, position, new ReplayCounts(5, 20, 0), state,
                T0.plusSeconds(800 + secondsAfterPlan), "i-1", Optional.empty());
    }

    private static ReplaySnapshot record(StartReplay spec, Instant cancelledAt, Map<TopicPartition, ReplayPlan> plans,
            Map<TopicPartition, ReplayProgress> progress) {
        return record(spec, cancelledAt, plans, progress, null);
    }

    private static ReplaySnapshot record(StartReplay spec, Instant cancelledAt, Map<TopicPartition, ReplayPlan> plans,
            Map<TopicPartition, ReplayProgress> progress, dev.rewind.protocol.control.DryRunReport report) {
        return new ReplaySnapshot(spec.replayId(), Optional.of(spec),
                Optional.ofNullable(cancelledAt).map(at -> CancelReplay.of(spec, "bob", at)), plans, progress,
                Optional.ofNullable(report));
    }

    @Test
    void aReplayWithoutPlansIsPendingEvenWhenTheGroupHasPartitions() {
        ReplayStatus status = ReplayAggregator.status(ReplaySnapshot.accepted(spec), Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.PENDING);
        assertThat(status.partitions()).isEmpty();
        assertThat(status.percent()).isZero();
    }

    @Test
    void aReplayIsRunningWhileAGroupPartitionHasNoPlanYet() {
        ReplaySnapshot record = record(spec, null, Map.of(P0, plan(P0, 10, 10)),
                Map.of(P0, progress(P0, 10, ReplayProgress.State.COMPLETED, 1)));

        ReplayStatus status = ReplayAggregator.status(record, Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.RUNNING);
        assertThat(status.partitions()).extracting(PartitionStatus::state)
                .containsExactly(PartitionState.COMPLETED, PartitionState.PENDING);
    }

    @Test
    void progressGivesPercentAndEtaFromTheRateSinceThePlan() {
        ReplaySnapshot record = record(spec, null, Map.of(P0, plan(P0, 100, 300)),
                Map.of(P0, progress(P0, 150, ReplayProgress.State.RUNNING, 10)));

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
        ReplaySnapshot record = record(spec, null, Map.of(P0, plan(P0, 0, 40), P1, plan(P1, 7, 7)),
                Map.of(P0, progress(P0, 40, ReplayProgress.State.COMPLETED, 3),
                        P1, progress(P1, 7, ReplayProgress.State.COMPLETED, 1)));

        ReplayStatus status = ReplayAggregator.status(record, Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(status.percent()).isEqualTo(100.0);
        assertThat(status.reprocessed()).isEqualTo(10);
        assertThat(status.skipped()).isEqualTo(40);
        assertThat(status.etaSeconds()).isNull();
    }

    @Test
    void oneFailedPartitionFailsTheReplayOnceTheOthersFinished() {
        ReplaySnapshot running = record(spec, null, Map.of(P0, plan(P0, 0, 40), P1, plan(P1, 0, 40)),
                Map.of(P0, progress(P0, 12, ReplayProgress.State.FAILED, 3), P1, progress(P1, 20, ReplayProgress.State.RUNNING, 3)));
        ReplaySnapshot finished = record(spec, null, running.plans(),
                Map.of(P0, progress(P0, 12, ReplayProgress.State.FAILED, 3), P1, progress(P1, 40, ReplayProgress.State.COMPLETED, 5)));

        assertThat(ReplayAggregator.status(running, Set.of()).state()).isEqualTo(ReplayState.RUNNING);
        assertThat(ReplayAggregator.status(finished, Set.of()).state()).isEqualTo(ReplayState.FAILED);
    }

    @Test
    void aCancelledReplayReportsHowFarItGot() {
        ReplaySnapshot record = record(spec, T0.plusSeconds(900), Map.of(P0, plan(P0, 0, 100)),
                Map.of(P0, progress(P0, 60, ReplayProgress.State.CANCELLED, 30)));

        ReplayStatus status = ReplayAggregator.status(record, Set.of(P0, P1));

        assertThat(status.state()).isEqualTo(ReplayState.CANCELLED);
        assertThat(status.cancelRequested()).isTrue();
        assertThat(status.offsetsDone()).isEqualTo(60);
        assertThat(status.partitions()).extracting(PartitionStatus::state)
                .containsExactly(PartitionState.CANCELLED, PartitionState.CANCELLED);
    }

    @Test
    void aReplayCancelledBeforeAnyPlanIsCancelled() {
        ReplaySnapshot record = record(spec, T0.plusSeconds(900), Map.of(), Map.of());

        assertThat(ReplayAggregator.status(record, Set.of(P0)).state()).isEqualTo(ReplayState.CANCELLED);
    }

    @Test
    void aDryRunIsFinishedWhenItsResultIsWrittenAndReportsTheCounts() {
        dev.rewind.protocol.control.DryRunReport report = new dev.rewind.protocol.control.DryRunReport(ID, V2,
                spec.selector(), spec.window(), 40, 30, 8, 1, 1, 0, java.util.List.of(
                new dev.rewind.protocol.control.DryRunReport.Difference("e7",
                        dev.rewind.protocol.control.DryRunReport.DifferenceKind.CHANGED, "decisions", Optional.of("p1"),
                        Optional.of("{\"ok\":false}"), Optional.of("{\"ok\":true}"))),
                false, Optional.empty(), T0.plusSeconds(900), "i-1");
        ReplaySnapshot pending = record(spec, null, Map.of(), Map.of());
        ReplaySnapshot done = record(spec, null, Map.of(), Map.of(), report);

        assertThat(ReplayAggregator.status(pending, Set.of(P0)).dryRunResult()).isNull();
        ReplayStatus status = ReplayAggregator.status(done, Set.of(P0));
        assertThat(status.state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(status.dryRunResult().changed()).isEqualTo(8);
        assertThat(status.dryRunResult().sample()).extracting(DryRunReport.Difference::eventId).containsExactly("e7");
    }
}
