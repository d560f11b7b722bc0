package dev.rewind.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A source partition an instance of a version holds paused, in {@code GET /api/v1/components/{component}/versions}.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset the offset of the record it waits at ({@code routes}) or stopped at ({@code stopped})
 * @param reason {@code routes}: the route history read does not cover the record's time yet (no route yet, or
 *     a timestamp ahead of now); {@code stopped}: {@code error.policy=stop-partition} stopped it until a restart
 * @param since when the pause began
 * @param eventTime the waiting record's timestamp ({@code routes}), else null
 * @param instance the instance id holding the partition
 */
public record PausedPartitionView(String topic, int partition, long offset, String reason, Instant since,
                                  Instant eventTime, String instance) {

    /** Validates. */
    public PausedPartitionView {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(instance, "instance");
    }
}
