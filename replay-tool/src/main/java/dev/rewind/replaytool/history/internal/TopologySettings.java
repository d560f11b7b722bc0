package dev.rewind.replaytool.history.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the index topology reads and how long it keeps things.
 *
 * @param sourcePattern   the event source topics
 * @param outcomesTopic   the outcomes topic ({@code rewind.outcomes})
 * @param dlqPattern      the DLQ topics ({@code rewind\.dlq\..+})
 * @param cohortRetention how long the index keeps an event (cohort index and its history), by event time
 * @param statsRetention  how long per-minute statistics are kept (at least an hour)
 * @param partitions      partitions of the index's repartition topics
 */
public record TopologySettings(Pattern sourcePattern, String outcomesTopic, Pattern dlqPattern,
                               Duration cohortRetention, Duration statsRetention, int partitions) {

    public TopologySettings {
        Objects.requireNonNull(sourcePattern, "sourcePattern");
        Objects.requireNonNull(outcomesTopic, "outcomesTopic");
        Objects.requireNonNull(dlqPattern, "dlqPattern");
        if (statsRetention.compareTo(Duration.ofHours(1).plus(HistoryTopology.STATS_GRACE)) < 0) {
            throw new IllegalArgumentException("statistics retention must be at least 1h plus the grace period, got "
                    + statsRetention);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
    }
}
