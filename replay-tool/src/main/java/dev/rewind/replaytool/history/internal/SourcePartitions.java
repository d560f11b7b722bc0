package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The stores of the source partitions this instance indexes (its active tasks of the sub-topology
 * that reads the source topics): queries over them, with no knowledge of other instances. A store
 * that moves away mid-query throws Kafka Streams' {@code InvalidStateStoreException}. Thread-safe.
 */
public final class SourcePartitions {

    private final KafkaStreams streams;
    private final int subtopology;

    private SourcePartitions(KafkaStreams streams, int subtopology) {
        this.streams = streams;
        this.subtopology = subtopology;
    }

    /** The source partitions of {@code streams}, running {@code topology}'s description. */
    public static SourcePartitions of(KafkaStreams streams, TopologyDescription topology) {
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            if (sub.nodes().stream().anyMatch(n -> n.name().equals(HistoryTopology.INDEX_PROCESSOR))) {
                return new SourcePartitions(streams, sub.id());
            }
        }
        throw new IllegalArgumentException("the topology has no " + HistoryTopology.INDEX_PROCESSOR + " processor");
    }

    /**
     * The partitions this instance indexes now, ascending.
     *
     * @throws InvalidStateStoreException unless the application runs: while it starts or rebalances,
     *     the partitions it holds are not all the ones it will answer for
     */
    public List<Integer> partitions() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("the history index is " + streams.state().name().toLowerCase()
                    + ", so its source partitions are not settled");
        }
        TreeSet<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task -> {
            TaskId id = task.taskId();
            if (id.subtopology() == subtopology) {
                partitions.add(id.partition());
            }
        }));
        return new ArrayList<>(partitions);
    }

    /** The newest entries of {@code key} in {@code [from, upper]} over the local partitions, merged. */
    public CohortSlice slice(String key, long from, long upper, int max) {
        List<CohortSlice> parts = new ArrayList<>();
        for (int partition : partitions()) {
            parts.add(CohortSlice.read(cohortStore(partition), partition, key, from, upper, max));
        }
        return CohortSlice.merge(parts, max);
    }

    /** {@link #slice} with each entry carrying its record, as sent to another instance. */
    public CohortSlice sliceWithRecords(String key, long from, long upper, int max) {
        CohortSlice local = slice(key, from, upper, max);
        List<CohortEntry> entries = new ArrayList<>(local.entries().size());
        for (CohortEntry entry : local.entries()) {
            EventHistory record = record(entry);
            if (record != null) {
                entries.add(entry.remote(record));
            }
        }
        return new CohortSlice(entries, local.truncated());
    }

    /** The record an entry points at: carried by the entry, or read from its local partition; null when gone. */
    public EventHistory record(CohortEntry entry) {
        if (entry.event() != null) {
            return entry.event();
        }
        return newest(recordStore(entry.partition()), entry.eventId()).orElse(null);
    }

    /** The record of {@code eventId} if a local partition holds it (the newest, if several do). */
    public Optional<EventHistory> record(String eventId) {
        EventHistory found = null;
        for (int partition : partitions()) {
            Optional<EventHistory> record = newest(recordStore(partition), eventId);
            if (record.isPresent() && (found == null
                    || record.get().ref().timestamp().isAfter(found.ref().timestamp()))) {
                found = record.get();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The newest record of {@code eventId} in one partition's store. */
    static Optional<EventHistory> newest(ReadOnlyWindowStore<String, IndexedEvent> store, String eventId) {
        try (WindowStoreIterator<IndexedEvent> it = store.backwardFetch(eventId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            if (it.hasNext()) {
                KeyValue<Long, IndexedEvent> newest = it.next();
                return Optional.of(newest.value.toHistory());
            }
        }
        return Optional.empty();
    }

    private ReadOnlyWindowStore<String, String> cohortStore(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(HistoryTopology.COHORT_STORE,
                QueryableStoreTypes.<String, String>windowStore()).withPartition(partition));
    }

    private ReadOnlyWindowStore<String, IndexedEvent> recordStore(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(HistoryTopology.EVENT_RECORD_STORE,
                QueryableStoreTypes.<String, IndexedEvent>windowStore()).withPartition(partition));
    }
}
