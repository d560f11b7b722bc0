package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.schemas.avro.ReplayPartitionPlan;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * What a replay does on one source partition: look at the offsets {@code [startOffset, endOffset)},
 * reprocessing the cohort's owned events of the window and skipping the rest; from
 * {@code endOffset} on the partition is live again.
 *
 * <p>Written to {@code rewind.control} (key {@code plan/<replayId>/<topic>/<partition>}, protocol/REPLAY-PROTOCOL.md) by the
 * instance owning the partition when the replay starts, in the same transaction that moves the
 * partition's committed offset back to {@code startOffset}; an instance taking the partition over
 * continues the same plan from the committed offset.
 *
 * @param replayId the replay
 * @param target the component version replaying
 * @param partition the source partition
 * @param startOffset first offset looked at: {@code offsetsForTimes(from)}, or {@code endOffset}
 *     when no event is that recent
 * @param endOffset exclusive: the position the live consumer had reached when the replay began
 * @param createdAt when the plan was made
 */
public record ReplayPlan(ReplayId replayId, ComponentVersion target, TopicPartition partition,
        long startOffset, long endOffset, Instant createdAt) implements ControlValue {

    /** Validates {@code 0 <= startOffset <= endOffset}. */
    public ReplayPlan {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(createdAt, "createdAt");
        if (startOffset < 0 || startOffset > endOffset) {
            throw new IllegalArgumentException("Replay plan of " + replayId + " on " + partition
                    + " needs 0 <= startOffset <= endOffset, was " + startOffset + " and " + endOffset);
        }
    }

    /**
     * The plan for a partition whose consumer had reached {@code position} and where the first event
     * at or after the window's start is at {@code firstOffsetAtFrom} (empty when there is none).
     * A start after the position (events newer than {@code from} only after it) gives an empty plan.
     */
    public static ReplayPlan compute(ReplayId replayId, ComponentVersion target, TopicPartition partition,
            java.util.OptionalLong firstOffsetAtFrom, long position, Instant now) {
        long start = firstOffsetAtFrom.isPresent() ? Math.min(firstOffsetAtFrom.getAsLong(), position) : position;
        return new ReplayPlan(replayId, target, partition, start, position, now);
    }

    /** Whether there is nothing to look at: the partition holds no event of the window before the end. */
    public boolean isEmpty() {
        return startOffset == endOffset;
    }

    /** Whether {@code offset} is still part of the replay (before {@code endOffset}). */
    public boolean covers(long offset) {
        return offset >= startOffset && offset < endOffset;
    }

    /** How many offsets the plan spans. */
    public long length() {
        return endOffset - startOffset;
    }

    /** The key this plan is written under. */
    public ControlKey key() {
        return ControlKey.of(ControlKey.Kind.PLAN, replayId, java.util.Optional.of(partition));
    }

    /** The record written to {@code rewind.control}. */
    public ReplayPartitionPlan toAvro() {
        return ReplayPartitionPlan.newBuilder()
                .setReplayId(replayId.value())
                .setComponent(target.component())
                .setVersion(target.version())
                .setTopic(partition.topic())
                .setPartition(partition.partition())
                .setStartOffset(startOffset)
                .setEndOffset(endOffset)
                .setCreatedAt(createdAt)
                .build();
    }

    /**
     * Reads a plan record.
     *
     * @throws IllegalArgumentException if the record is invalid
     */
    public static ReplayPlan fromAvro(ReplayPartitionPlan record) {
        return new ReplayPlan(ReplayId.of(record.getReplayId()),
                new ComponentVersion(record.getComponent(), record.getVersion()),
                new TopicPartition(record.getTopic(), record.getPartition()),
                record.getStartOffset(), record.getEndOffset(), record.getCreatedAt());
    }
}
