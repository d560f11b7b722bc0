package dev.rewind.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a Streams application has committed the source topic to {@code sourceEnd} and every
 * other input (its repartition topics) to within a transaction marker of its end.
 */
final class CatchUp {

    private CatchUp() {
    }

    static void await(Admin admin, String group, long sourceEnd, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long source = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(HistoryBench.TOPIC))
                    .mapToLong(e -> e.getValue().offset()).sum();
            if (source >= sourceEnd && repartitionLag(admin, committed) <= committed.size()) {
                return;
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("index %s: source %d of %d committed%n", group, source, sourceEnd);
            }
            // a benchmark driver polling Kafka; no event to wait on
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("index did not catch up within " + timeout);
    }

    /** Records of the repartition topics not yet committed (a committed transaction's marker counts as one). */
    private static long repartitionLag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.keySet().stream().filter(tp -> !tp.topic().equals(HistoryBench.TOPIC))
                .forEach(tp -> request.put(tp, OffsetSpec.latest()));
        if (request.isEmpty()) {
            return 0;
        }
        var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        long lag = 0;
        for (TopicPartition tp : request.keySet()) {
            lag += Math.max(0, ends.get(tp).offset() - committed.get(tp).offset());
        }
        return lag;
    }
}
