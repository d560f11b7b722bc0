package dev.rewind.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static final ReplayId ID = ReplayId.of("r-1");
    private static final ComponentVersion V2 = new ComponentVersion("rc", "v2");
    private static final TopicPartition TP = new TopicPartition("commits", 3);
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void startsAtTheFirstOffsetAtFromAndEndsAtThePositionReached() {
        ReplayPlan plan = ReplayPlan.compute(ID, V2, TP, OptionalLong.of(40), 100, NOW);

        assertThat(plan.startOffset()).isEqualTo(40);
        assertThat(plan.endOffset()).isEqualTo(100);
        assertThat(plan.length()).isEqualTo(60);
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.covers(40)).isTrue();
        assertThat(plan.covers(99)).isTrue();
        assertThat(plan.covers(100)).isFalse();
        assertThat(plan.covers(39)).isFalse();
    }

    @Test
    void isEmptyWhenNoEventIsAsRecentAsFrom() {
        ReplayPlan plan = ReplayPlan.compute(ID, V2, TP, OptionalLong.empty(), 100, NOW);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.startOffset()).isEqualTo(100);
        assertThat(plan.covers(100)).isFalse();
    }

    @Test
    void isEmptyWhenTheWindowStartsAfterThePositionReached() {
        ReplayPlan plan = ReplayPlan.compute(ID, V2, TP, OptionalLong.of(120), 100, NOW);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.endOffset()).isEqualTo(100);
    }

    @Test
    void rejectsAStartAfterTheEnd() {
        assertThatThrownBy(() -> new ReplayPlan(ID, V2, TP, 5, 4, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commits-3")
                .hasMessageContaining("5 and 4");
    }

    @Test
    void survivesTheRoundTripThroughItsControlRecord() {
        ReplayPlan plan = new ReplayPlan(ID, V2, TP, 7, 70, NOW);

        assertThat(ReplayPlan.fromAvro(plan.toAvro())).isEqualTo(plan);
        assertThat(plan.toAvro().getComponent()).isEqualTo("rc");
        assertThat(plan.toAvro().getVersion()).isEqualTo("v2");
    }
}
