package dev.rewind.engine.runtime.spi;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * Per-partition resources (dedupe entries, entity state) that follow the assignment: restored
 * before the first record of a newly assigned partition is handled, dropped when it leaves.
 */
public interface PartitionListener {

    /** Restores the partitions' resources; called in the consumer's rebalance callback. */
    void assigned(Collection<TopicPartition> partitions);

    /** Drops the partitions' resources after their last transaction committed or aborted. */
    void removed(Collection<TopicPartition> partitions);
}
