package dev.rewind.replaytool.history.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of a group per partition from the Admin API: the last stable offset (what a
 * read_committed consumer can reach) minus the committed offset.
 */
public final class ConsumerLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /**
     * Lag of one partition.
     *
     * @param topic     topic
     * @param partition partition
     * @param committed the group's committed offset
     * @param end       the last stable offset
     * @param lag       {@code end - committed}, never negative
     */
    public record PartitionLag(String topic, int partition, long committed, long end, long lag) {
    }

    private final Admin admin;

    public ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** The lag of every partition {@code groupId} has committed offsets for, sorted. */
    public List<PartitionLag> of(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                request.put(tp, OffsetSpec.latest());
            }
        });
        if (request.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
        List<PartitionLag> lags = new ArrayList<>();
        ends.forEach((tp, end) -> {
            long at = committed.get(tp).offset();
            lags.add(new PartitionLag(tp.topic(), tp.partition(), at, end.offset(), Math.max(0, end.offset() - at)));
        });
        lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return lags;
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not answer: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
