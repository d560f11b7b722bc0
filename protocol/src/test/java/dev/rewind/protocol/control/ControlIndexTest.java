package dev.rewind.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ControlIndexTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final ComponentVersion V2 = new ComponentVersion("rc", "v2");
    private static final TopicPartition TP = new TopicPartition("commits", 0);

    @Test
    void aReplayWhoseRecordsAreAllTombstonedIsForgotten() {
        ControlIndex index = new ControlIndex();
        ReplaySnapshot finished = finish(index, ReplayId.of("r-1"));
        assertThat(index.size()).isEqualTo(1);

        finished.keys().forEach(index::remove);

        assertThat(index.size()).isZero();
        assertThat(index.replay(ReplayId.of("r-1"))).isEmpty();
        assertThat(index.startsFor(V2)).isEmpty();
    }

    @Test
    void aThousandFinishedAndSweptReplaysLeaveTheIndexEmpty() {
        ControlIndex index = new ControlIndex();
        for (int i = 0; i < 1000; i++) {
            ReplaySnapshot finished = finish(index, ReplayId.of("r-" + i));
            finished.keys().forEach(index::remove);
        }
        assertThat(index.size()).isZero();
    }

    @Test
    void aTombstoneOfOneKeyLeavesTheReplaysOtherRecords() {
        ControlIndex index = new ControlIndex();
        ReplayId id = ReplayId.of("r-1");
        finish(index, id);

        index.remove(ControlKey.parse(ControlKey.plan(id, TP)));

        assertThat(index.plan(id, TP)).isEmpty();
        assertThat(index.start(id)).isPresent();
        assertThat(index.progress(id, TP)).isPresent();
    }

    @Test
    void snapshotsListTheKeysTheyWereReadFromAndTheirLastActivity() {
        ControlIndex index = new ControlIndex();
        ReplaySnapshot snapshot = finish(index, ReplayId.of("r-1"));

        assertThat(snapshot.keys()).extracting(ControlKey::encode)
                .containsExactlyInAnyOrder("command/r-1", "plan/r-1/commits/0", "progress/r-1/commits/0");
        assertThat(snapshot.lastActivity()).isEqualTo(T0.plusSeconds(3));
    }

    static ReplaySnapshot finish(ControlIndex index, ReplayId id) {
        index.apply(new StartReplay(id, V2, CohortSelector.customer("acme"), ReplayWindow.of(T0.minusSeconds(60), T0),
                false, OptionalDouble.empty(), "fix", "ann", T0.plusSeconds(1)));
        index.apply(new ReplayPlan(id, V2, TP, 0, 10, T0.plusSeconds(2)));
        index.apply(new ReplayProgress(id, V2, TP, 10, new ReplayCounts(1, 9, 0), ReplayProgress.State.COMPLETED,
                T0.plusSeconds(3), "i-1", Optional.empty()));
        return index.replay(id).orElseThrow();
    }
}
