package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The stores of the tasks running on this instance, per partition, registered by the processors
 * that own them when their task starts processing and removed when it closes.
 *
 * <p>Why not {@code KafkaStreams.store(...)}: the store it returns resolves the underlying store
 * again on every read, walking every stream thread's tasks under the state updater's lock; in a
 * listing that read every event's record and processings, this was a quarter of the query's CPU
 * and a lock shared with the state updater (issue 12, bench/results/profiles.md). The stores
 * registered here are the ones the tasks write; reading them from a query thread is what
 * interactive queries do underneath. A store whose task closed mid-query throws Kafka Streams'
 * {@code InvalidStateStoreException}. Thread-safe.
 */
public final class LocalStores {

    /**
     * One source partition's stores.
     *
     * @param cohorts cohort key → event time → event id
     * @param records event id → event time → the indexed event
     */
    public record SourceStores(ReadOnlyWindowStore<String, String> cohorts,
                               ReadOnlyWindowStore<String, IndexedEvent> records) {
    }

    private final Map<Integer, SourceStores> sources = new ConcurrentHashMap<>();
    private final Map<Integer, ReadOnlyKeyValueStore<String, EventHistory>> processings = new ConcurrentHashMap<>();

    /** The source partitions' stores running here now (a live view). */
    public Map<Integer, SourceStores> sources() {
        return sources;
    }

    /** The store of processings of {@code partition} (of the repartition topic by event id), or null when not here. */
    public ReadOnlyKeyValueStore<String, EventHistory> processings(int partition) {
        return processings.get(partition);
    }

    void addSource(int partition, SourceStores stores) {
        sources.put(partition, stores);
    }

    /** Removes {@code stores} unless another task of the partition registered since. */
    void removeSource(int partition, SourceStores stores) {
        sources.remove(partition, stores);
    }

    void addProcessings(int partition, ReadOnlyKeyValueStore<String, EventHistory> store) {
        processings.put(partition, store);
    }

    void removeProcessings(int partition, ReadOnlyKeyValueStore<String, EventHistory> store) {
        processings.remove(partition, store);
    }
}
