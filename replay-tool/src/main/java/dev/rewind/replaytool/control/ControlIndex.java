package dev.rewind.replaytool.control;

import dev.rewind.api.replays.DryRunReport;
import dev.rewind.replaytool.replay.PartitionPlan;
import dev.rewind.replaytool.replay.PartitionProgress;
import dev.rewind.replaytool.replay.ReplayRecord;
import dev.rewind.replaytool.replay.ReplaySpec;
import dev.rewind.schemas.avro.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * What has been read from {@code rewind.control}, indexed by replay. Thread-safe: the reader
 * thread writes, request threads read consistent copies.
 */
public final class ControlIndex {

    private final Map<String, ReplaySpec> specs = new LinkedHashMap<>();
    private final Map<String, Instant> cancels = new HashMap<>();
    private final Map<String, Map<TopicPartition, PartitionPlan>> plans = new HashMap<>();
    private final Map<String, Map<TopicPartition, PartitionProgress>> progress = new HashMap<>();
    private final Map<String, AuditEntry> audit = new LinkedHashMap<>();
    private final Map<String, DryRunReport> dryRuns = new HashMap<>();

    synchronized void start(ReplaySpec spec) {
        specs.put(spec.id().value(), spec);
    }

    synchronized void cancel(String replayId, Instant at) {
        cancels.putIfAbsent(replayId, at);
    }

    synchronized void plan(String replayId, PartitionPlan plan) {
        plans.computeIfAbsent(replayId, id -> new HashMap<>()).put(plan.partition(), plan);
    }

    synchronized void progress(String replayId, PartitionProgress p) {
        progress.computeIfAbsent(replayId, id -> new HashMap<>()).put(p.partition(), p);
    }

    synchronized void dryRun(String replayId, DryRunReport report) {
        dryRuns.put(replayId, report);
    }

    synchronized void audit(AuditEntry entry) {
        audit.put(entry.getEntryId(), entry);
    }

    /** Forgets what a compacted-away (tombstoned) key said. */
    synchronized void remove(ControlKey key) {
        switch (key.kind()) {
            case COMMAND -> specs.remove(key.replayId());
            case CANCEL -> cancels.remove(key.replayId());
            case PLAN -> plans.getOrDefault(key.replayId(), new HashMap<>()).remove(key.partition());
            case PROGRESS -> progress.getOrDefault(key.replayId(), new HashMap<>()).remove(key.partition());
            case AUDIT -> audit.remove(key.replayId());
            case DRY_RUN -> dryRuns.remove(key.replayId());
            default -> { }
        }
    }

    /** The replay with that id, if its START command was read. */
    public synchronized Optional<ReplayRecord> replay(String replayId) {
        ReplaySpec spec = specs.get(replayId);
        return spec == null ? Optional.empty() : Optional.of(record(spec));
    }

    /** Every replay read so far, oldest first. */
    public synchronized List<ReplayRecord> replays() {
        List<ReplayRecord> result = new ArrayList<>(specs.size());
        specs.values().forEach(spec -> result.add(record(spec)));
        return result;
    }

    /** Every audit entry read so far, in topic order. */
    public synchronized List<AuditEntry> auditEntries() {
        return List.copyOf(audit.values());
    }

    /** The audit entry with that id, if read. */
    public synchronized Optional<AuditEntry> auditEntry(String entryId) {
        return Optional.ofNullable(audit.get(entryId));
    }

    private ReplayRecord record(ReplaySpec spec) {
        String id = spec.id().value();
        return new ReplayRecord(spec, cancels.get(id), plans.getOrDefault(id, Map.of()),
                progress.getOrDefault(id, Map.of()), dryRuns.get(id));
    }
}
