package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.protocol.control.PausedPartition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionHandlersTest {

    private static final TopicPartition TP = new TopicPartition("commits", 0);
    private static final Instant EVENT_TIME = Instant.parse("2026-11-30T10:00:00Z");

    /** Routes read up to {@code horizon}. */
    private static OwnershipCheck routesReadUntil(Instant horizon) {
        return new OwnershipCheck() {
            @Override
            public Decision decide(Cohort cohort, Instant eventTime) {
                return eventTime.isBefore(horizon) ? Decision.OWNED : Decision.UNDECIDED;
            }

            @Override
            public boolean decidable(Instant eventTime) {
                return eventTime.isBefore(horizon);
            }
        };
    }

    private final PartitionHandlers handlers = new PartitionHandlers(tp -> new PartitionHandler() {
        @Override
        public TopicPartition partition() {
            return tp;
        }

        @Override
        public Step handle(ConsumerRecord<byte[], byte[]> record) {
            return Step.PROCESSED;
        }
    });

    @Test
    void aThrottledPartitionResumesOnceItsThrottleTimeHasPassedWhateverTheRoutes() {
        handlers.assign(List.of(TP));
        long pausedAt = 1_000;
        handlers.markWaiting(TP, new Step.Throttled(TimeUnit.MILLISECONDS.toNanos(5)), 7, pausedAt, EVENT_TIME);

        PartitionHandlers.Pause pause = handlers.waiting().get(TP);

        assertThat(handlers.isActive(TP)).isFalse();
        assertThat(pause.isOver(pausedAt + TimeUnit.MILLISECONDS.toNanos(4), routesReadUntil(Instant.MIN))).isFalse();
        assertThat(pause.isOver(pausedAt + TimeUnit.MILLISECONDS.toNanos(5), routesReadUntil(Instant.MIN))).isTrue();
    }

    @Test
    void aPartitionWaitingForRoutesResumesOnlyOnceTheEventTimeIsDecidable() {
        handlers.assign(List.of(TP));
        handlers.markWaiting(TP, new Step.WaitingForRoutes(EVENT_TIME), 7, 0, EVENT_TIME);

        PartitionHandlers.Pause pause = handlers.waiting().get(TP);

        assertThat(pause.isOver(Long.MAX_VALUE, routesReadUntil(EVENT_TIME))).isFalse();
        assertThat(pause.isOver(0, routesReadUntil(EVENT_TIME.plusMillis(1)))).isTrue();
        handlers.activate(TP);
        assertThat(handlers.isActive(TP)).isTrue();
        assertThat(handlers.waiting()).isEmpty();
    }

    @Test
    void pausesForRoutesAndStopsAreReportedOnceTheyLastedTheMinimumButThrottlesNever() {
        TopicPartition other = new TopicPartition("commits", 1);
        TopicPartition third = new TopicPartition("commits", 2);
        handlers.assign(List.of(TP, other, third));
        Instant pausedAt = Instant.parse("2026-11-30T10:00:00Z");
        handlers.markWaiting(TP, new Step.WaitingForRoutes(EVENT_TIME.plusSeconds(3000)), 41, 0, pausedAt);
        handlers.markWaiting(other, new Step.Throttled(TimeUnit.SECONDS.toNanos(5)), 3, 0, pausedAt);
        handlers.markStopped(third, 12, pausedAt);

        assertThat(handlers.pausedPartitions(pausedAt.plusMillis(999), Duration.ofSeconds(1)))
                .extracting(PausedPartition::partition).containsExactly(third);
        List<PausedPartition> paused = handlers.pausedPartitions(pausedAt.plusSeconds(1), Duration.ofSeconds(1));
        assertThat(paused).containsExactlyInAnyOrder(
                new PausedPartition(TP, 41, PausedPartition.Reason.ROUTES, pausedAt,
                        Optional.of(EVENT_TIME.plusSeconds(3000))),
                new PausedPartition(third, 12, PausedPartition.Reason.STOPPED, pausedAt, Optional.empty()));

        handlers.activate(TP);
        handlers.remove(List.of(third));
        assertThat(handlers.pausedPartitions(pausedAt.plusSeconds(60), Duration.ofSeconds(1))).isEmpty();
    }
}
