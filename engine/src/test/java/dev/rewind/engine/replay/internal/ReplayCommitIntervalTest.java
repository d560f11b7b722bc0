package dev.rewind.engine.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.RateLimiter;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.protocol.control.StartReplay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayCommitIntervalTest {

    private static final Duration CONFIGURED = Duration.ofMillis(100);
    private static final Instant FROM = Instant.parse("2026-11-26T10:00:00Z");
    private static final ReplayId ID = ReplayId.of("r-1");
    private static final ComponentVersion V2 = new ComponentVersion("rc", "v2");
    private static final StartReplay REQUEST = new StartReplay(ID, V2, CohortSelector.customer("acme"),
            ReplayWindow.of(FROM, FROM.plusSeconds(600)), false, OptionalDouble.empty(), "fix", "ann",
            FROM.plusSeconds(700));

    private static ReplayPartitionHandler handler(int partition, boolean replaying) {
        TopicPartition tp = new TopicPartition("commits", partition);
        ReplayPartitionHandler handler = new ReplayPartitionHandler(tp, null, null, null, Clock.systemUTC(), p -> {
        });
        if (replaying) {
            handler.replay(Replaying.start(REQUEST, new ReplayPlan(ID, V2, tp, 10, 20, FROM), "i-1",
                    RateLimiter.unlimited()));
        }
        return handler;
    }

    @Test
    void whileEveryAssignedPartitionReplaysTheTransactionCommitsOncePerProgressInterval() {
        assertThat(ReplayCoordinator.commitInterval(CONFIGURED, List.of(handler(0, true), handler(1, true))))
                .isEqualTo(Replaying.PROGRESS_INTERVAL);
    }

    @Test
    void aLivePartitionKeepsTheConfiguredInterval() {
        assertThat(ReplayCoordinator.commitInterval(CONFIGURED, List.of(handler(0, true), handler(1, false))))
                .isEqualTo(CONFIGURED);
        assertThat(ReplayCoordinator.commitInterval(CONFIGURED, List.of())).isEqualTo(CONFIGURED);
    }

    @Test
    void aConfiguredIntervalLongerThanTheProgressIntervalIsKept() {
        Duration longer = Duration.ofSeconds(30);

        assertThat(ReplayCoordinator.commitInterval(longer, List.of(handler(0, true)))).isEqualTo(longer);
    }

    @Test
    void aReplayThatEndedGivesTheConfiguredIntervalBack() {
        ReplayPartitionHandler handler = handler(0, true);
        handler.end(((Replaying) handler.phase()).complete(FROM));

        assertThat(ReplayCoordinator.commitInterval(CONFIGURED, List.of(handler))).isEqualTo(CONFIGURED);
    }
}
