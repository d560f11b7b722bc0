package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ReplayId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything {@code rewind.control} says about one replay at one moment: its START (absent when only later
 * records were read), its CANCEL, the plan and latest progress per partition, the dry-run report.
 *
 * @param replayId the replay
 * @param start the START command, if read
 * @param cancel the CANCEL command, if read
 * @param plans the plan per partition
 * @param progress the latest progress per partition
 * @param dryRun the dry-run report, if read
 */
public record ReplaySnapshot(ReplayId replayId, Optional<StartReplay> start, Optional<CancelReplay> cancel,
        Map<TopicPartition, ReplayPlan> plans, Map<TopicPartition, ReplayProgress> progress,
        Optional<DryRunReport> dryRun) {

    /** Validates and copies. */
    public ReplaySnapshot {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(cancel, "cancel");
        plans = Map.copyOf(plans);
        progress = Map.copyOf(progress);
        Objects.requireNonNull(dryRun, "dryRun");
    }

    /** A replay just accepted: its START and nothing else. */
    public static ReplaySnapshot accepted(StartReplay start) {
        return new ReplaySnapshot(start.replayId(), Optional.of(start), Optional.empty(), Map.of(), Map.of(),
                Optional.empty());
    }

    /** The keys of every record this snapshot was read from: what a retention sweep tombstones. */
    public List<ControlKey> keys() {
        List<ControlKey> keys = new ArrayList<>();
        start.ifPresent(s -> keys.add(s.key()));
        cancel.ifPresent(c -> keys.add(c.key()));
        plans.values().forEach(p -> keys.add(p.key()));
        progress.values().forEach(p -> keys.add(p.key()));
        dryRun.ifPresent(d -> keys.add(d.key()));
        return List.copyOf(keys);
    }

    /** The latest time any of its records carries (request, plan, progress, cancel, report). */
    public Instant lastActivity() {
        return Stream.of(start.map(StartReplay::requestedAt).stream(), cancel.map(CancelReplay::requestedAt).stream(),
                        plans.values().stream().map(ReplayPlan::createdAt),
                        progress.values().stream().map(ReplayProgress::updatedAt),
                        dryRun.map(DryRunReport::completedAt).stream())
                .flatMap(s -> s).max(Instant::compareTo).orElse(Instant.MIN);
    }
}
