package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.PartitionStateStore;
import dev.rewind.engine.state.StateStores;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity state of the assigned partitions, one {@link PartitionStateStore} per partition
 * number (source topics are co-partitioned), tied to the runtime's transaction: an event's writes
 * are kept only if it succeeds, changelogged inside the transaction and applied locally after it
 * commits. A store is rebuilt from its changelog when its partition is assigned. Consumer thread only.
 */
final class EntityStates implements EventState, TransactionParticipant, PartitionListener, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EntityStates.class);

    private final StateStores stores;
    private final ComponentVersion componentVersion;
    private final Map<String, Object> clientConfig;
    private final Map<Integer, PartitionStateStore> open = new HashMap<>();
    private final Map<Integer, Set<TopicPartition>> users = new HashMap<>();
    private PartitionStateStore current;

    EntityStates(StateStores stores, ComponentVersion componentVersion, Map<String, Object> clientConfig) {
        this.stores = stores;
        this.componentVersion = componentVersion;
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /** The store of an assigned partition number, e.g. for a replay to rewind entities. */
    Optional<PartitionStateStore> store(int partition) {
        return Optional.ofNullable(open.get(partition));
    }

    @Override
    public void beginEvent(Event event) {
        current = open.get(event.partition());
        if (current == null) {
            throw new IllegalStateException("No state store for partition " + event.partition()
                    + " of " + componentVersion + ": it is not assigned");
        }
        current.beginEvent();
    }

    @Override
    public StateStore storeFor(Event event) {
        return current.forEvent(event.key(), event.time(), event.offset());
    }

    @Override
    public void discardEvent() {
        if (current != null) {
            current.endEvent(false);
            current = null;
        }
    }

    @Override
    public void keepEvent() {
        if (current != null) {
            current.endEvent(true);
            current = null;
        }
    }

    /** Rewinds the event's entity to its state as of {@code from}, inside the open transaction. */
    @Override
    public void forgetFrom(Event event, Instant from) {
        PartitionStateStore store = open.get(event.partition());
        if (store == null) {
            throw new IllegalStateException("No state store for partition " + event.partition() + " of "
                    + componentVersion + ": it is not assigned");
        }
        store.forgetFrom(List.of(event.key()), from);
    }

    /** See {@link SandboxState}: dry runs start from empty entity state. */
    @Override
    public EventState sandboxAsOf(Instant from) {
        return new SandboxState();
    }

    @Override
    public void beforeCommit(Producer<byte[], byte[]> producer) {
        open.values().forEach(store -> store.sendChangelog(producer));
    }

    @Override
    public void committed() {
        open.values().forEach(PartitionStateStore::commit);
    }

    @Override
    public void aborted() {
        current = null;
        open.values().forEach(PartitionStateStore::abort);
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            users.computeIfAbsent(partition.partition(), n -> new HashSet<>()).add(partition);
            if (!open.containsKey(partition.partition())) {
                PartitionStateStore store = stores.open(componentVersion, partition.partition());
                open.put(partition.partition(), store);
                long restored = store.restore(clientConfig);
                LOGGER.atInfo().addKeyValue("component", componentVersion.component())
                        .addKeyValue("version", componentVersion.version())
                        .addKeyValue("partition", partition.partition()).addKeyValue("records", restored)
                        .log("Entity state restored from the changelog");
            }
        }
    }

    @Override
    public void removed(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Set<TopicPartition> using = users.get(partition.partition());
            if (using != null && using.remove(partition) && using.isEmpty()) {
                users.remove(partition.partition());
                PartitionStateStore store = open.remove(partition.partition());
                if (store != null) {
                    store.close();
                }
            }
        }
    }

    @Override
    public void close() {
        open.values().forEach(PartitionStateStore::close);
        open.clear();
        users.clear();
    }
}
