package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.PartitionListener;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.EntityStates;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the version's {@link EntityStates} to the loop: an event's writes are kept only if it
 * succeeds, the changelog goes out in the batch transaction, local stores apply writes after it
 * commits, and a partition number's store is restored on assignment and closed when the last of
 * its topic partitions leaves (source topics are co-partitioned). Consumer thread only.
 */
final class StateParticipant implements EventState, TransactionParticipant, PartitionListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(StateParticipant.class);

    private final EntityStates states;
    private final Map<Integer, Set<TopicPartition>> users = new HashMap<>();

    StateParticipant(EntityStates states) {
        this.states = states;
    }

    @Override
    public StateStore storeFor(Event event) {
        return states.storeFor(event);
    }

    @Override
    public void discardEvent() {
        states.discardEvent();
    }

    @Override
    public void keepEvent() {
        states.keepEvent();
    }

    @Override
    public void forgetFrom(Event event, Instant from) {
        states.forgetFrom(event, from);
    }

    @Override
    public EventState sandboxAsOf(Instant from) {
        return EventState.sandboxed(states.sandboxAsOf(from));
    }

    @Override
    public void beforeCommit(Producer<byte[], byte[]> producer) {
        states.sendChangelog(producer);
    }

    @Override
    public void committed() {
        states.committed();
    }

    @Override
    public void aborted() {
        states.aborted();
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Set<TopicPartition> using = users.computeIfAbsent(partition.partition(), n -> new HashSet<>());
            if (using.isEmpty()) {
                long restored = states.assign(partition.partition());
                LOGGER.atInfo().addKeyValue("partition", partition.partition()).addKeyValue("records", restored)
                        .log("Entity state restored from the changelog");
            }
            using.add(partition);
        }
    }

    @Override
    public void removed(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Set<TopicPartition> using = users.get(partition.partition());
            if (using != null && using.remove(partition) && using.isEmpty()) {
                users.remove(partition.partition());
                states.revoke(partition.partition());
            }
        }
    }
}
