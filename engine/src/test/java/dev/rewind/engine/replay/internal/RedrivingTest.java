package dev.rewind.engine.replay.internal;

import static dev.rewind.engine.runtime.spi.OwnershipCheck.Decision.NOT_OWNED;
import static dev.rewind.engine.runtime.spi.OwnershipCheck.Decision.UNDECIDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.RateLimiter;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.EventSelection;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.protocol.control.StartReplay;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A redrive's bookkeeping: the replay phase restricted to selected records, at current state. */
class RedrivingTest {

    private static final Instant FROM = Instant.parse("2026-11-26T10:00:00Z");
    private static final ReplayId ID = ReplayId.of("rd-1");
    private static final ComponentVersion V2 = new ComponentVersion("rc", "v2");
    private static final TopicPartition TP = new TopicPartition("commits", 0);
    private static final Cohort ACME = Cohort.of("acme", "enterprise", "p1");
    private static final StartReplay REDRIVE = new StartReplay(ID, V2, CohortSelector.DEFAULT,
            ReplayWindow.of(FROM, FROM.plusSeconds(60)), false, OptionalDouble.empty(), "fix", "ann",
            FROM.plusSeconds(700), Optional.of(EventSelection.of(List.of(new EventSelection.SourceOffset("commits", 0, 12),
                    new EventSelection.SourceOffset("commits", 0, 15), new EventSelection.SourceOffset("commits", 1, 11)))));
    private static final ReplayPlan PLAN = new ReplayPlan(ID, V2, TP, 12, 20, FROM.plusSeconds(700));

    private final Replaying redriving = Replaying.start(REDRIVE, PLAN, "i-1", RateLimiter.unlimited());

    @Test
    void reprocessesExactlyTheSelectedRecordsOfItsPartitionWhoeverOwnsThem() {
        assertThat(redriving.verdict(12, ACME, FROM, () -> NOT_OWNED)).isEqualTo(Verdict.REPROCESS);
        assertThat(redriving.verdict(15, ACME, FROM, () -> UNDECIDED)).isEqualTo(Verdict.REPROCESS);
        assertThat(redriving.verdict(13, ACME, FROM, () -> NOT_OWNED)).isEqualTo(Verdict.SKIP);
        assertThat(redriving.verdict(11, ACME, FROM, () -> NOT_OWNED)).as("offset 11 is selected on partition 1")
                .isEqualTo(Verdict.SKIP);
        assertThat(redriving.verdict(20, ACME, FROM, () -> NOT_OWNED)).isEqualTo(Verdict.LIVE);
        assertThat(redriving.selected(15)).isTrue();
        assertThat(redriving.selected(14)).isFalse();
    }

    @Test
    void neverRewindsAnEntitysState() {
        assertThat(redriving.firstTouch("p1".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(redriving.firstTouch("p1".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
