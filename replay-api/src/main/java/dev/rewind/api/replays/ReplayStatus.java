package dev.rewind.api.replays;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;
import java.util.List;

/**
 * A replay as the API shows it: what was asked and how far it got.
 *
 * @param id replay id
 * @param component component
 * @param version version replayed through
 * @param cohort selector
 * @param from window start
 * @param to window end (exclusive)
 * @param dryRun sandbox run
 * @param maxEventsPerSecond throttle, null for none
 * @param reason why
 * @param requestedBy author
 * @param requestedAt when accepted
 * @param state aggregate state
 * @param cancelRequested whether a cancel was asked for
 * @param reprocessed sum over partitions
 * @param skipped sum over partitions
 * @param errored sum over partitions
 * @param offsetsDone offsets walked through, over planned partitions
 * @param offsetsTotal offsets to walk through, over planned partitions
 * @param percent offsetsDone / offsetsTotal in percent (100 when completed)
 * @param etaSeconds estimated seconds until the slowest partition finishes; null when unknown
 * @param partitions per partition, sorted by topic and partition
 * @param dryRunResult for a dry run, what it found once it finished; else null
 * @param redriveRecords for a redrive of dead letters, how many source records it reprocesses; null for a replay
 */
@OpenApiSchema("Replay")
public record ReplayStatus(String id, String component, String version, String cohort, Instant from, Instant to,
        boolean dryRun, Double maxEventsPerSecond, String reason, String requestedBy, Instant requestedAt,
        ReplayState state, boolean cancelRequested, long reprocessed, long skipped, long errored,
        long offsetsDone, long offsetsTotal, double percent, Long etaSeconds, List<PartitionStatus> partitions,
        DryRunReport dryRunResult, Integer redriveRecords) {

    /** Copies the partitions. */
    public ReplayStatus {
        partitions = List.copyOf(partitions);
    }
}
