package dev.rewind.replaytool.replay;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * What an engine instance recorded before rewinding one source partition for a replay.
 *
 * @param partition the source partition
 * @param startOffset first offset looked at (offsetsForTimes(from))
 * @param endOffset exclusive target: the live position when the replay began
 * @param createdAt when the plan was written
 */
public record PartitionPlan(TopicPartition partition, long startOffset, long endOffset, Instant createdAt) {

    /** Validates the offsets. */
    public PartitionPlan {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(createdAt, "createdAt");
        if (startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("Plan of " + partition + " has start offset " + startOffset
                    + " and end offset " + endOffset + "; need 0 <= start <= end");
        }
    }

    /** Number of offsets the replay walks through on this partition. */
    public long span() {
        return endOffset - startOffset;
    }
}
