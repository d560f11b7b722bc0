package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.EventId;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupeStoreTest {

    private static final TopicPartition SOURCE = new TopicPartition("commits", 3);
    private static final TopicPartition OTHER = new TopicPartition("commits", 4);

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void seesAnIdOfTheOpenTransactionAndKeepsItOnlyIfTheTransactionCommits(@TempDir Path dir) {
        try (DedupeStore store = new DedupeStore(dir.resolve("a"), Duration.ofMinutes(10), "changelog", 6)) {
            store.record(SOURCE, EventId.of("e1"), 1_000);
            assertThat(store.seen(SOURCE, EventId.of("e1"), 2_000)).isTrue();
            store.aborted();
            assertThat(store.seen(SOURCE, EventId.of("e1"), 2_000)).isFalse();

            store.record(SOURCE, EventId.of("e1"), 1_000);
            store.beforeCommit(producer);
            store.committed();
            assertThat(store.seen(SOURCE, EventId.of("e1"), 2_000)).isTrue();
            assertThat(store.seen(OTHER, EventId.of("e1"), 2_000)).isFalse();
            assertThat(store.seen(SOURCE, EventId.of("e1"), 1_000 + Duration.ofMinutes(10).toMillis())).isFalse();
        }
    }

    @Test
    void sendsOneChangelogRecordPerPartitionAndTransactionThatRestoresEveryId(@TempDir Path dir) {
        try (DedupeStore first = new DedupeStore(dir.resolve("a"), Duration.ofMinutes(10), "changelog", 6)) {
            first.record(SOURCE, EventId.of("e1"), 1_000);
            first.record(SOURCE, EventId.of("é-2"), 1_500);
            first.record(OTHER, EventId.of("e3"), 1_600);
            first.beforeCommit(producer);
            first.committed();
        }
        assertThat(producer.history()).hasSize(2).extracting(ProducerRecord::partition).containsExactlyInAnyOrder(3, 4);

        try (DedupeStore second = new DedupeStore(dir.resolve("b"), Duration.ofMinutes(10), "changelog", 6)) {
            producer.history().forEach(r -> second.restore(SOURCE, r.key(), r.value()));

            assertThat(second.seen(SOURCE, EventId.of("e1"), 2_000)).isTrue();
            assertThat(second.seen(SOURCE, EventId.of("é-2"), 2_000)).isTrue();
            assertThat(second.seen(SOURCE, EventId.of("e3"), 2_000)).isFalse();
        }
    }
}
