package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.DryRunReport;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything the control topic says about one replay: its command, whether it was cancelled,
 * and the plans and latest progress the engine instances wrote per partition.
 *
 * @param spec the START command
 * @param cancelRequestedAt when a CANCEL was accepted; null if none
 * @param plans per partition
 * @param progress latest progress per partition
 * @param dryRunReport the dry run's result; null until there is one (or for a real replay)
 */
public record ReplayRecord(ReplaySpec spec, Instant cancelRequestedAt, Map<TopicPartition, PartitionPlan> plans,
        Map<TopicPartition, PartitionProgress> progress, DryRunReport dryRunReport) {

    /** Copies the maps. */
    public ReplayRecord {
        Objects.requireNonNull(spec, "spec");
        plans = Map.copyOf(plans);
        progress = Map.copyOf(progress);
    }

    /** A record without a dry-run result. */
    public ReplayRecord(ReplaySpec spec, Instant cancelRequestedAt, Map<TopicPartition, PartitionPlan> plans,
            Map<TopicPartition, PartitionProgress> progress) {
        this(spec, cancelRequestedAt, plans, progress, null);
    }

    /** A replay just accepted: no plan, no progress. */
    public static ReplayRecord accepted(ReplaySpec spec) {
        return new ReplayRecord(spec, null, Map.of(), Map.of());
    }

    /** The dry run's result, if there is one. */
    public Optional<DryRunReport> dryRun() {
        return Optional.ofNullable(dryRunReport);
    }

    /** When a cancel was requested, if it was. */
    public Optional<Instant> cancelRequested() {
        return Optional.ofNullable(cancelRequestedAt);
    }
}
