package dev.rewind.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Waits until a Streams application has committed every input partition (source and repartition) to its end. */
final class CatchUp {

    private CatchUp() {
    }

    static void await(Admin admin, String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int stable = 0;
        long previous = -1;
        while (System.nanoTime() < deadline) {
            long lag = lag(admin, group);
            System.out.printf("index lag %d%n", lag);
            // unchanged and (nearly) zero three times in a row: the repartition topics may still fill after the
            // source is done, and a transaction marker at a partition's end can leave a lag of one
            stable = lag < 100 && lag == previous ? stable + 1 : 0;
            previous = lag;
            if (stable == 3) {
                return;
            }
            // a benchmark driver polling Kafka; no event to wait on
            Thread.sleep(2000);
        }
        throw new IllegalStateException("index did not catch up within " + timeout);
    }

    private static long lag(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        if (committed.isEmpty()) {
            return Long.MAX_VALUE;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        long lag = 0;
        for (var e : committed.entrySet()) {
            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
        }
        boolean sourceSeen = committed.keySet().stream().anyMatch(tp -> tp.topic().equals(HistoryBench.TOPIC));
        return sourceSeen ? lag : Long.MAX_VALUE;
    }
}
