package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The local partitions of the store of processings and dead letters ({@link HistoryTopology#EVENT_STORE},
 * keyed and partitioned by event id), as their tasks registered them in {@link LocalStores}.
 *
 * <p>A listing looks up every listed event's processings; asking Kafka Streams for the key's
 * metadata and resolving the store on each of them cost as much as reading the cohort (issue 12).
 * The partition of an event id is computed the way the repartition topic's producer placed it
 * ({@link #partitionOf}). Thread-safe.
 */
public final class ProcessingStores {

    private final KafkaStreams streams;
    private final LocalStores local;
    private final int partitions;

    /**
     * @param streams    the application, asked only whether it runs
     * @param local      the stores its tasks registered
     * @param partitions the repartition topic's partition count ({@code history.partitions})
     */
    public ProcessingStores(KafkaStreams streams, LocalStores local, int partitions) {
        this.streams = streams;
        this.local = local;
        this.partitions = partitions;
    }

    /**
     * The partition of the repartition topic {@code eventId} is written to: Kafka Streams' default
     * stream partitioner, i.e. the producer's murmur2 hash of the key's UTF-8 bytes (the String
     * serde) modulo the partition count.
     */
    public static int partitionOf(String eventId, int partitions) {
        return StatsKey.partitionOf(eventId, partitions);
    }

    /** The partition holding {@code eventId}'s processings. */
    public int partitionOf(String eventId) {
        return partitionOf(eventId, partitions);
    }

    /**
     * The local store of {@code partition}, or null when another instance (or none yet) runs it.
     *
     * @throws InvalidStateStoreException unless the application runs
     */
    public ReadOnlyKeyValueStore<String, EventHistory> local(int partition) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("the history index is " + streams.state().name().toLowerCase()
                    + ", so its partitions are not settled");
        }
        return local.processings(partition);
    }
}
