package dev.rewind.engine.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Commit by interval (Kafka Streams' commit.interval.ms), the event count only a cap. */
class BatchTransactionTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private final MutableClock clock = new MutableClock();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final BatchTransaction transaction = new BatchTransaction(() -> producer, clock);

    @Test
    void aBatchIsDueWhenTheIntervalHasPassedHoweverFewOrManyEventsItHolds() {
        transaction.init();
        for (int i = 0; i < 5_000; i++) {
            transaction.send(new ProducerRecord<>("out", new byte[] {1}));
            transaction.handled(P0, i);
        }
        clock.advance(Duration.ofMillis(99));
        assertThat(transaction.due(20_000, INTERVAL)).as("5,000 events after 99 ms").isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(transaction.due(20_000, INTERVAL)).as("after 100 ms").isTrue();
    }

    @Test
    void theEventCountCapsABatchThatWrites() {
        transaction.init();
        for (int i = 0; i < 10; i++) {
            transaction.send(new ProducerRecord<>("out", new byte[] {1}));
            transaction.handled(P0, i);
        }

        assertThat(transaction.due(10, INTERVAL)).isTrue();
        assertThat(transaction.due(11, INTERVAL)).isFalse();
    }

    @Test
    void aBatchOfSkippedEventsOnlyGrowsUntilTheInterval() {
        transaction.init();
        for (int i = 0; i < 50; i++) {
            transaction.handled(P0, i);
        }

        assertThat(transaction.due(10, INTERVAL)).isFalse();
        clock.advance(INTERVAL);
        assertThat(transaction.due(10, INTERVAL)).isTrue();
    }

    @Test
    void nothingOpenIsNeverDue() {
        transaction.init();
        clock.advance(Duration.ofHours(1));

        assertThat(transaction.due(1, INTERVAL)).isFalse();
    }

    @Test
    void commitsTheNextOffsetOfEveryPartitionAndRewindsToTheFirstHandled() {
        transaction.init();
        transaction.handled(P0, 7);
        transaction.handled(P0, 8);
        transaction.handled(P1, 3);
        transaction.commitOffset(P1, 10, 2);

        assertThat(transaction.rewindPositions()).isEqualTo(Map.of(P0, 7L, P1, 3L));
        assertThat(transaction.partitions()).containsExactlyInAnyOrder(P0, P1);
        transaction.commit(new ConsumerGroupMetadata("g"));

        assertThat(producer.consumerGroupOffsetsHistory()).containsExactly(Map.of("g",
                Map.of(P0, new OffsetAndMetadata(9), P1, new OffsetAndMetadata(10))));
        assertThat(transaction.isOpen()).isFalse();
        assertThat(transaction.rewindPositions()).isEmpty();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
