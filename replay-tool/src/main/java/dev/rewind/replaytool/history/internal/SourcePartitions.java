package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The stores of the source partitions this instance indexes (its active tasks of the sub-topology
 * that reads the source topics): queries over them, with no knowledge of other instances. A store
 * that moves away mid-query throws Kafka Streams' {@code InvalidStateStoreException}. Thread-safe.
 *
 * <p>The stores are the ones the tasks registered in {@link LocalStores}, not resolved through
 * {@code KafkaStreams.store(...)} per query or per event (issue 12: resolving walked every stream
 * thread's tasks under the state updater's lock on every read).
 */
public final class SourcePartitions {

    private final KafkaStreams streams;
    private final LocalStores local;

    /**
     * @param streams the application, asked only whether it runs
     * @param local   the stores its tasks registered
     */
    public SourcePartitions(KafkaStreams streams, LocalStores local) {
        this.streams = streams;
        this.local = local;
    }

    /**
     * The partitions this instance indexes now, ascending.
     *
     * @throws InvalidStateStoreException unless the application runs: while it starts or rebalances,
     *     the partitions it holds are not all the ones it will answer for
     */
    public List<Integer> partitions() {
        return new ArrayList<>(new TreeSet<>(stores().keySet()));
    }

    /** The newest entries of {@code key} in {@code [from, upper]} over the local partitions, merged. */
    public CohortSlice slice(String key, long from, long upper, int max) {
        List<CohortSlice> parts = new ArrayList<>();
        stores().forEach((partition, stores) ->
                parts.add(CohortSlice.read(stores.cohorts(), partition, key, from, upper, max)));
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
        LocalStores.SourceStores stores = stores().get(entry.partition());
        if (stores == null) {
            throw new InvalidStateStoreException("source partition " + entry.partition()
                    + " moved away from this instance during the query");
        }
        return at(stores.records(), entry.eventId(), entry.timestamp());
    }

    /** The record of {@code eventId} if a local partition holds it (the newest, if several do). */
    public Optional<EventHistory> record(String eventId) {
        EventHistory found = null;
        for (LocalStores.SourceStores stores : stores().values()) {
            Optional<EventHistory> record = newest(stores.records(), eventId);
            if (record.isPresent() && (found == null
                    || record.get().ref().timestamp().isAfter(found.ref().timestamp()))) {
                found = record.get();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The record of {@code eventId} filed at event time {@code timestamp}: one point read in the one
     * segment holding that time, where {@link #newest} searches every segment of the retention. A
     * cohort entry and its record are written at the same event time ({@link EventIndexer}), so an
     * entry always knows where its record is. Null when the record is gone (past retention).
     */
    static EventHistory at(ReadOnlyWindowStore<String, IndexedEvent> store, String eventId, long timestamp) {
        IndexedEvent event = store.fetch(eventId, timestamp);
        return event == null ? null : event.toHistory();
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

    private Map<Integer, LocalStores.SourceStores> stores() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            // while the application starts or rebalances, the partitions here are not all it will answer for
            throw new InvalidStateStoreException("the history index is " + streams.state().name().toLowerCase()
                    + ", so its source partitions are not settled");
        }
        return local.sources();
    }
}
