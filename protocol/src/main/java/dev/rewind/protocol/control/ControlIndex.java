package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * What has been read from {@code rewind.control}, by replay: the one in-memory view engine and service share.
 * A tombstone removes what its key said, and a replay whose records are all tombstoned is forgotten entirely,
 * so the index is as large as the replays not yet swept (protocol/REPLAY-PROTOCOL.md, "Retention").
 *
 * <p>Thread-safe: one thread applies records, any thread queries; queries return immutable copies.
 */
public final class ControlIndex {

    private final Map<ReplayId, Entry> replays = new LinkedHashMap<>();
    /** Statuses of engine instances; not replay news, so they do not count in {@link #changes()}. */
    private final Map<VersionInstance, InstanceStatus> statuses = new HashMap<>();
    private long changes;

    /** The records of one replay read so far. */
    private static final class Entry {
        private StartReplay start;
        private CancelReplay cancel;
        private final Map<TopicPartition, ReplayPlan> plans = new HashMap<>();
        private final Map<TopicPartition, ReplayProgress> progress = new HashMap<>();
        private DryRunReport dryRun;

        boolean isEmpty() {
            return start == null && cancel == null && plans.isEmpty() && progress.isEmpty() && dryRun == null;
        }

        ReplaySnapshot snapshot(ReplayId id) {
            return new ReplaySnapshot(id, Optional.ofNullable(start), Optional.ofNullable(cancel), plans, progress,
                    Optional.ofNullable(dryRun));
        }
    }

    /** Applies a value read under its own key. */
    public synchronized void apply(ControlValue value) {
        if (value instanceof InstanceStatus status) {
            statuses.put(status.instance(), status);
            return;
        }
        changes++;
        Entry entry = replays.computeIfAbsent(value.key().replayId().orElseThrow(), id -> new Entry());
        if (value instanceof StartReplay start) {
            entry.start = start;
        } else if (value instanceof CancelReplay cancel) {
            entry.cancel = cancel;
        } else if (value instanceof ReplayPlan plan) {
            entry.plans.put(plan.partition(), plan);
        } else if (value instanceof ReplayProgress progress) {
            entry.progress.put(progress.partition(), progress);
        } else if (value instanceof DryRunReport report) {
            entry.dryRun = report;
        }
    }

    /** Applies a tombstone: forgets what {@code key} said, and the replay once nothing of it is left. */
    public synchronized void remove(ControlKey key) {
        if (key.kind() == ControlKey.Kind.OTHER) {
            return;
        }
        if (key.kind() == ControlKey.Kind.STATUS) {
            statuses.remove(key.instance().orElseThrow());
            return;
        }
        ReplayId id = key.replayId().orElseThrow();
        Entry entry = replays.get(id);
        changes++;
        if (entry == null) {
            return;
        }
        switch (key.kind()) {
            case COMMAND -> entry.start = null;
            case CANCEL -> entry.cancel = null;
            case PLAN -> entry.plans.remove(key.partition().orElseThrow());
            case PROGRESS -> entry.progress.remove(key.partition().orElseThrow());
            case DRY_RUN -> entry.dryRun = null;
            case STATUS, OTHER -> throw new IllegalStateException("unreachable");
        }
        if (entry.isEmpty()) {
            replays.remove(id);
        }
    }

    /** The statuses of {@code version}'s instances read so far (stale ones included: see {@link InstanceStatus#isCurrent}). */
    public synchronized List<InstanceStatus> statuses(ComponentVersion version) {
        return statuses.values().stream().filter(s -> s.version().equals(version)).toList();
    }

    /** Every instance status read so far. */
    public synchronized List<InstanceStatus> statuses() {
        return List.copyOf(statuses.values());
    }

    /** Grows with every applied replay record: a cheap way to notice news. */
    public synchronized long changes() {
        return changes;
    }

    /** How many replays the index holds. */
    public synchronized int size() {
        return replays.size();
    }

    /** Everything read about one replay, if anything was. */
    public synchronized Optional<ReplaySnapshot> replay(ReplayId id) {
        Entry entry = replays.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.snapshot(id));
    }

    /** Every replay held, in the order their first record was read. */
    public synchronized List<ReplaySnapshot> replays() {
        List<ReplaySnapshot> result = new ArrayList<>(replays.size());
        replays.forEach((id, entry) -> result.add(entry.snapshot(id)));
        return result;
    }

    /** The START command of a replay, if read. */
    public synchronized Optional<StartReplay> start(ReplayId id) {
        Entry entry = replays.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.start);
    }

    /** The START commands addressed to {@code target}, in the order they were read. */
    public synchronized List<StartReplay> startsFor(ComponentVersion target) {
        List<StartReplay> result = new ArrayList<>();
        for (Entry entry : replays.values()) {
            if (entry.start != null && entry.start.target().equals(target)) {
                result.add(entry.start);
            }
        }
        return List.copyOf(result);
    }

    /** Whether a CANCEL was read for the replay. */
    public synchronized boolean isCancelled(ReplayId id) {
        Entry entry = replays.get(id);
        return entry != null && entry.cancel != null;
    }

    /** The plan of a replay on one partition, if read. */
    public synchronized Optional<ReplayPlan> plan(ReplayId id, TopicPartition partition) {
        Entry entry = replays.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.plans.get(partition));
    }

    /** All plans of a replay, by partition. */
    public synchronized Map<TopicPartition, ReplayPlan> plans(ReplayId id) {
        Entry entry = replays.get(id);
        return entry == null ? Map.of() : Map.copyOf(entry.plans);
    }

    /** The latest progress of a replay on one partition, if read. */
    public synchronized Optional<ReplayProgress> progress(ReplayId id, TopicPartition partition) {
        Entry entry = replays.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.progress.get(partition));
    }

    /** The latest progress of a replay on each partition that reported. */
    public synchronized Map<TopicPartition, ReplayProgress> progress(ReplayId id) {
        Entry entry = replays.get(id);
        return entry == null ? Map.of() : Map.copyOf(entry.progress);
    }

    /** The dry-run report of a replay, if read. */
    public synchronized Optional<DryRunReport> dryRun(ReplayId id) {
        Entry entry = replays.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.dryRun);
    }
}
