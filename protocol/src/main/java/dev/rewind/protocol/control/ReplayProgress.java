package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.schemas.avro.ReplayPartitionState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a replay stands on one source partition, as published on {@code rewind.control} (key
 * {@code progress/<replayId>/<topic>/<partition>}, protocol/REPLAY-PROTOCOL.md) in the same transaction as the offsets it
 * reports. The one replay-status value of rewind: the service aggregates these into its API view.
 *
 * @param replayId the replay
 * @param target the version replaying
 * @param partition the source partition
 * @param position the next offset to look at; for a cancelled replay, where it stopped
 * @param counts what was done so far
 * @param state running or how it ended
 * @param updatedAt when this status was written
 * @param instanceId the instance doing the work
 * @param message why it failed or was cancelled, if it did
 */
public record ReplayProgress(ReplayId replayId, ComponentVersion target, TopicPartition partition,
        long position, ReplayCounts counts, State state, Instant updatedAt, String instanceId,
        Optional<String> message) implements ControlValue {

    /** The life of a replay on one partition: running until completed, cancelled or failed. */
    public enum State {
        /** Reprocessing; more status records follow. */
        RUNNING,
        /** Passed the plan's end offset; the partition is live again. */
        COMPLETED,
        /** Stopped early by a CANCEL command; what was committed stays. */
        CANCELLED,
        /** Stopped by an error; what was committed stays. */
        FAILED;

        /** Whether no further status follows. */
        public boolean isFinal() {
            return this != RUNNING;
        }
    }

    /** Validates. */
    public ReplayProgress {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(message, "message");
        if (position < 0) {
            throw new IllegalArgumentException("Replay position must be >= 0, was " + position);
        }
    }

    /** The key this progress is written under. */
    public ControlKey key() {
        return ControlKey.of(ControlKey.Kind.PROGRESS, replayId, Optional.of(partition));
    }

    /** Whether no further progress follows on this partition. */
    public boolean isFinal() {
        return state.isFinal();
    }

    /** The record written to {@code rewind.control}. */
    public dev.rewind.schemas.avro.ReplayProgress toAvro() {
        return dev.rewind.schemas.avro.ReplayProgress.newBuilder()
                .setReplayId(replayId.value())
                .setComponent(target.component())
                .setVersion(target.version())
                .setTopic(partition.topic())
                .setPartition(partition.partition())
                .setPosition(position)
                .setReprocessed(counts.reprocessed())
                .setSkipped(counts.skipped())
                .setErrored(counts.errored())
                .setState(ReplayPartitionState.valueOf(state.name()))
                .setUpdatedAt(updatedAt)
                .setInstanceId(instanceId)
                .setMessage(message.orElse(null))
                .build();
    }

    /**
     * Reads a progress record.
     *
     * @throws IllegalArgumentException if the record is invalid
     */
    public static ReplayProgress fromAvro(dev.rewind.schemas.avro.ReplayProgress record) {
        return new ReplayProgress(ReplayId.of(record.getReplayId()),
                new ComponentVersion(record.getComponent(), record.getVersion()),
                new TopicPartition(record.getTopic(), record.getPartition()), record.getPosition(),
                new ReplayCounts(record.getReprocessed(), record.getSkipped(), record.getErrored()),
                State.valueOf(record.getState().name()), record.getUpdatedAt(), record.getInstanceId(),
                Optional.ofNullable(record.getMessage()));
    }
}
