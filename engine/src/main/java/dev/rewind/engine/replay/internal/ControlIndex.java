package dev.rewind.engine.replay.internal;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.replay.ControlKey;
import dev.rewind.engine.replay.ReplayPlan;
import dev.rewind.engine.replay.ReplayRequest;
import dev.rewind.engine.replay.ReplayStatus;
import dev.rewind.schemas.avro.DryRunResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What has been read from {@code rewind.control}, by replay. The reader thread applies records,
 * the consumer threads query; every method is synchronized and returns immutable copies.
 */
public final class ControlIndex {

    private final Map<ReplayId, ReplayRequest> requests = new LinkedHashMap<>();
    private final Set<ReplayId> cancelled = new HashSet<>();
    private final Map<ReplayId, Map<TopicPartition, ReplayPlan>> plans = new HashMap<>();
    private final Map<ReplayId, Map<TopicPartition, ReplayStatus>> statuses = new HashMap<>();
    private final Map<ReplayId, DryRunResult> dryRuns = new HashMap<>();
    private long changes;

    /** Applies one decoded record (or a tombstone, {@code value == null}) under its key. */
    public synchronized void apply(ControlKey key, Object value) {
        if (key.kind() == ControlKey.Kind.OTHER) {
            return;
        }
        ReplayId id = key.replayId().orElseThrow();
        changes++;
        if (value == null) {
            remove(key, id);
            return;
        }
        switch (key.kind()) {
            case COMMAND -> requests.put(id, (ReplayRequest) value);
            case CANCEL -> cancelled.add(id);
            case PLAN -> plans.computeIfAbsent(id, k -> new HashMap<>()).put(key.partition().orElseThrow(),
                    (ReplayPlan) value);
            case PROGRESS -> statuses.computeIfAbsent(id, k -> new HashMap<>()).put(key.partition().orElseThrow(),
                    (ReplayStatus) value);
            case DRY_RUN -> dryRuns.put(id, (DryRunResult) value);
            default -> throw new IllegalStateException("unreachable: " + key.kind());
        }
    }

    private void remove(ControlKey key, ReplayId id) {
        switch (key.kind()) {
            case COMMAND -> requests.remove(id);
            case CANCEL -> cancelled.remove(id);
            case PLAN -> plans.getOrDefault(id, new HashMap<>()).remove(key.partition().orElseThrow());
            case PROGRESS -> statuses.getOrDefault(id, new HashMap<>()).remove(key.partition().orElseThrow());
            case DRY_RUN -> dryRuns.remove(id);
            default -> { }
        }
    }

    /** Grows with every applied record: a cheap way to notice news. */
    public synchronized long changes() {
        return changes;
    }

    public synchronized Optional<ReplayRequest> request(ReplayId id) {
        return Optional.ofNullable(requests.get(id));
    }

    /** The START commands addressed to {@code target}, in the order they were read. */
    public synchronized List<ReplayRequest> requestsFor(ComponentVersion target) {
        List<ReplayRequest> result = new ArrayList<>();
        for (ReplayRequest request : requests.values()) {
            if (request.target().equals(target)) {
                result.add(request);
            }
        }
        return List.copyOf(result);
    }

    public synchronized boolean isCancelled(ReplayId id) {
        return cancelled.contains(id);
    }

    public synchronized Optional<ReplayPlan> plan(ReplayId id, TopicPartition partition) {
        return Optional.ofNullable(plans.getOrDefault(id, Map.of()).get(partition));
    }

    public synchronized Map<TopicPartition, ReplayPlan> plans(ReplayId id) {
        return Map.copyOf(plans.getOrDefault(id, Map.of()));
    }

    public synchronized Optional<ReplayStatus> status(ReplayId id, TopicPartition partition) {
        return Optional.ofNullable(statuses.getOrDefault(id, Map.of()).get(partition));
    }

    public synchronized Map<TopicPartition, ReplayStatus> statuses(ReplayId id) {
        return Map.copyOf(statuses.getOrDefault(id, Map.of()));
    }

    public synchronized Optional<DryRunResult> dryRun(ReplayId id) {
        return Optional.ofNullable(dryRuns.get(id));
    }
}
