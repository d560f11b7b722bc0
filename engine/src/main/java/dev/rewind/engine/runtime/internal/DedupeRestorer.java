package dev.rewind.engine.runtime.internal;

import dev.rewind.clients.acl.KafkaAccessDenied;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a partition's dedupe entries from the committed part of the changelog (the restore
 * consumer reads committed records only, so entries of aborted transactions never come back).
 */
final class DedupeRestorer {

    private static final Logger LOGGER = LoggerFactory.getLogger(DedupeRestorer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> restoreConsumer;
    private final DedupeStore store;

    DedupeRestorer(Consumer<byte[], byte[]> restoreConsumer, DedupeStore store) {
        this.restoreConsumer = restoreConsumer;
        this.store = store;
    }

    void restore(Collection<TopicPartition> sources) {
        try {
            sources.forEach(this::restore);
        } catch (KafkaException e) {
            // the changelog prefix needs READ as well as WRITE; the loop could not tell which one was denied
            KafkaAccessDenied.rethrowIfDenied(e, KafkaAccessDenied.Request.of("the dedupe restore of "
                    + store.changelogTopic(), AclOperation.READ).naming(List.of(store.changelogTopic())));
            throw e;
        }
    }

    private void restore(TopicPartition source) {
        TopicPartition changelog = new TopicPartition(store.changelogTopic(), store.changelogPartitionOf(source));
        restoreConsumer.assign(List.of(changelog));
        restoreConsumer.seekToBeginning(List.of(changelog));
        Map<TopicPartition, Long> end = restoreConsumer.endOffsets(List.of(changelog));
        long target = end.getOrDefault(changelog, 0L);
        long restored = 0;
        while (restoreConsumer.position(changelog) < target) {
            for (ConsumerRecord<byte[], byte[]> record : restoreConsumer.poll(POLL)) {
                store.restore(source, record.key(), record.value());
                restored++;
            }
        }
        restoreConsumer.assign(List.of());
        LOGGER.atInfo().addKeyValue("topic", source.topic()).addKeyValue("partition", source.partition())
                .addKeyValue("records", restored).log("Dedupe entries restored from the changelog");
    }

    void close() {
        restoreConsumer.close(Duration.ofSeconds(5));
    }
}
