package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ProcessingStoresTest {

    @Test
    void anEventIdsPartitionIsTheOneTheRepartitionTopicsProducerWritesItTo() {
        // Kafka Streams' default stream partitioner places a keyed record where the producer's built-in one does
        for (int partitions : new int[] {1, 3, 6, 12, 50}) {
            for (int i = 0; i < 2_000; i++) {
                String eventId = i % 2 == 0 ? "e" + i : java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, 7})
                        + "-\u00e9v\u00e9nement";
                int expected = BuiltInPartitioner.partitionForKey(eventId.getBytes(StandardCharsets.UTF_8), partitions);
                assertThat(ProcessingStores.partitionOf(eventId, partitions)).as(eventId).isEqualTo(expected);
            }
        }
    }
}
