package dev.rewind.engine.state;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The entity state of one component version across the source partitions assigned to an instance,
 * shaped for the runtime's consume-process-produce loop.
 *
 * <p>Lifecycle per transaction: for each event {@link #storeFor(Event)} (starts the event), then
 * {@link #keepEvent()} or {@link #discardEvent()}; before committing,
 * {@link #sendChangelog(Producer)} in the transaction; after it, {@link #committed()} or
 * {@link #aborted()}. {@link #assign(int)} restores a partition's store from the changelog (from
 * its checkpoint when the local copy is intact); {@link #revoke(int)} drops its pending writes,
 * checkpoints and closes it.
 *
 * <p>Not thread-safe: used by the instance's processing thread.
 */
public final class EntityStates implements AutoCloseable {

    private final StateStores stores;
    private final ComponentVersion version;
    private final Map<String, Object> clientConfig;
    private final Map<Integer, PartitionStateStore> assigned = new HashMap<>();
    private PartitionStateStore current;

    /**
     * @param stores where the stores live
     * @param version the component version
     * @param clientConfig Kafka client settings for restoring, at least {@code bootstrap.servers}
     */
    public EntityStates(StateStores stores, ComponentVersion version, Map<String, Object> clientConfig) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.version = Objects.requireNonNull(version, "version");
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /**
     * Opens the store of a newly assigned source partition (number) and rebuilds it from the
     * changelog; a partition already assigned is left as it is.
     *
     * @return the number of changelog records restored
     */
    public long assign(int partition) {
        if (assigned.containsKey(partition)) {
            return 0;
        }
        PartitionStateStore store = stores.open(version, partition);
        try {
            long restored = store.restore(clientConfig);
            assigned.put(partition, store);
            return restored;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Drops the pending writes of a revoked partition and closes its store. */
    public void revoke(int partition) {
        PartitionStateStore store = assigned.remove(partition);
        if (store != null) {
            if (store == current) {
                current = null;
            }
            store.close();
        }
    }

    /** The store of {@code event}'s entity, starting the event's writes. */
    public StateStore storeFor(Event event) {
        if (current != null) {
            throw new IllegalStateException("storeFor while another event is open: call keepEvent or discardEvent");
        }
        PartitionStateStore store = store(event.partition());
        store.beginEvent();
        current = store;
        return store.forEvent(event.key(), event.time(), event.offset());
    }

    /** Keeps the current event's writes in the open transaction; no-op if it did not use state. */
    public void keepEvent() {
        if (current != null) {
            current.endEvent(true);
            current = null;
        }
    }

    /** Discards the current event's writes; no-op if it did not use state. */
    public void discardEvent() {
        if (current != null) {
            current.endEvent(false);
            current = null;
        }
    }

    /** Forgets the versions of {@code event}'s entity at or after {@code from}, in the open transaction. */
    public void forgetFrom(Event event, Instant from) {
        store(event.partition()).forgetFrom(List.of(event.key()), from);
    }

    /**
     * The pending changelog records of all stores, to send in the open transaction; sent this way,
     * they do not advance the stores' checkpoints (see {@link #sendChangelog(Producer)}).
     */
    public List<ProducerRecord<byte[], byte[]>> drainChangelog() {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        assigned.values().forEach(store -> records.addAll(store.drainChangelog()));
        return records;
    }

    /**
     * Sends the pending changelog records of all stores with the runtime's transactional producer,
     * inside its open transaction; their acknowledged offsets advance the stores' checkpoints once
     * the transaction {@linkplain #committed() committed}.
     */
    public void sendChangelog(Producer<byte[], byte[]> producer) {
        assigned.values().forEach(store -> store.sendChangelog(producer));
    }

    /** The transaction committed: apply the pending writes locally. */
    public void committed() {
        assigned.values().forEach(PartitionStateStore::commit);
    }

    /** The transaction aborted (or its outcome is unknown): drop the pending writes. */
    public void aborted() {
        current = null;
        assigned.values().forEach(PartitionStateStore::abort);
    }

    /**
     * A dry run's state: reads see the committed state before {@code from} (restored from the
     * changelog into private copies, so this is safe from another thread and for partitions this
     * instance does not own) plus the dry run's own writes, which stay in memory.
     */
    public StateSandbox sandboxAsOf(Instant from) {
        return new StateSandbox(stores.options().directory().resolve("sandboxes"), version, clientConfig, from);
    }

    /** Closes every assigned store. */
    @Override
    public void close() {
        List.copyOf(assigned.keySet()).forEach(this::revoke);
    }

    private PartitionStateStore store(int partition) {
        PartitionStateStore store = assigned.get(partition);
        if (store == null) {
            throw new IllegalStateException("State of " + version + " partition " + partition
                    + " is not assigned to this instance; call assign(" + partition + ") on assignment");
        }
        return store;
    }
}
