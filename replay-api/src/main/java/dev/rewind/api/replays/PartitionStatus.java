package dev.rewind.api.replays;

import dev.rewind.api.OpenApiSchema;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * How far a replay got on one source partition (API view).
 *
 * @param topic source topic
 * @param partition partition number
 * @param state the partition's state
 * @param startOffset where the replay started; null while pending
 * @param position next offset to be looked at; null while pending
 * @param endOffset the target (exclusive); null while pending
 * @param reprocessed events passed to the processor
 * @param skipped events passed over
 * @param errored events that failed
 * @param percent share of [startOffset, endOffset) walked through, 0 to 100
 * @param etaSeconds estimated seconds left; null when unknown
 * @param instanceId the instance doing the work, if known
 * @param message why it failed or was cancelled, if known
 * @param updatedAt time of the latest progress, if any
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@OpenApiSchema("ReplayPartition")
public record PartitionStatus(String topic, int partition, PartitionState state, Long startOffset, Long position,
        Long endOffset, long reprocessed, long skipped, long errored, double percent, Long etaSeconds,
        String instanceId, String message, Instant updatedAt) {
}
