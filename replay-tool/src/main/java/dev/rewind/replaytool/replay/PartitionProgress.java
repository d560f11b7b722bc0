package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.PartitionState;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The latest progress an engine instance reported for one partition of a replay.
 *
 * @param partition the source partition
 * @param position next offset to be looked at
 * @param reprocessed events of the cohort and window passed to the processor
 * @param skipped events passed over without calling the processor
 * @param errored events whose processing failed
 * @param state the partition's state
 * @param updatedAt when the instance wrote this
 * @param instanceId the instance doing the work
 * @param message why it failed or was cancelled, if it did; may be null
 */
public record PartitionProgress(TopicPartition partition, long position, long reprocessed, long skipped,
        long errored, PartitionState state, Instant updatedAt, String instanceId, String message) {

    /** Validates. */
    public PartitionProgress {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
