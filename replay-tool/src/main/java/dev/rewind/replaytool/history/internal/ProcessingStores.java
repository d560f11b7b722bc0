package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The local partitions of the store of processings and dead letters ({@link HistoryTopology#EVENT_STORE},
 * keyed and partitioned by event id), resolved once per assignment ({@link AssignmentCache}).
 *
 * <p>A listing looks up every listed event's processings; asking Kafka Streams for the key's
 * metadata and resolving the store on each of them cost as much as reading the cohort (issue 12).
 * The partition of an event id is computed the way the repartition topic's producer placed it
 * ({@link #partitionOf}), and the partition's store is kept until the next rebalance. Thread-safe.
 */
public final class ProcessingStores {

    private final KafkaStreams streams;
    private final int subtopology;
    private final int partitions;
    private final AssignmentCache<Map<Integer, ReadOnlyKeyValueStore<String, EventHistory>>> local;

    private ProcessingStores(KafkaStreams streams, int subtopology, int partitions) {
        this.streams = streams;
        this.subtopology = subtopology;
        this.partitions = partitions;
        this.local = new AssignmentCache<>(this::resolve);
    }

    /**
     * @param partitions the repartition topic's partition count ({@code history.partitions})
     */
    public static ProcessingStores of(KafkaStreams streams, TopologyDescription topology, int partitions) {
        return new ProcessingStores(streams,
                LocalTasks.subtopologyOf(topology, HistoryTopology.EVENT_HISTORY_PROCESSOR), partitions);
    }

    /**
     * The partition of the repartition topic {@code eventId} is written to: Kafka Streams' default
     * stream partitioner, i.e. the producer's murmur2 hash of the key's UTF-8 bytes (the String
     * serde) modulo the partition count.
     */
    public static int partitionOf(String eventId, int partitions) {
        return StatsKey.partitionOf(eventId, partitions);
    }

    /** Forgets the resolved stores; call on every state change of the application. */
    public void invalidate() {
        local.invalidate();
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
        return local.get().get(partition);
    }

    private Map<Integer, ReadOnlyKeyValueStore<String, EventHistory>> resolve() {
        Map<Integer, ReadOnlyKeyValueStore<String, EventHistory>> stores = new TreeMap<>();
        for (int partition : LocalTasks.activePartitions(streams, subtopology)) {
            stores.put(partition, streams.store(StoreQueryParameters.fromNameAndType(HistoryTopology.EVENT_STORE,
                    QueryableStoreTypes.<String, EventHistory>keyValueStore()).withPartition(partition)));
        }
        return Collections.unmodifiableMap(stores);
    }
}
