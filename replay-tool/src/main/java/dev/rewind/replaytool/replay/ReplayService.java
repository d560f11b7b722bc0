package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.ReplayRequest;
import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.api.replays.ReplayState;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.CancelReplay;
import dev.rewind.protocol.control.EventSelection;
import dev.rewind.protocol.control.ReplaySnapshot;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.replaytool.components.ComponentCatalog;
import dev.rewind.replaytool.control.ControlTopic;
import dev.rewind.replaytool.Rejection;
import dev.rewind.schemas.avro.AuditAction;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, cancels and reports replays. The state lives on {@code rewind.control}: this class
 * validates, writes commands and audit entries, and aggregates what the engine instances report.
 *
 * <p>Starts are serialised within one service instance so two overlapping requests cannot both
 * pass the overlap check; several service instances behind one address could still race (the
 * engine then runs both, which is safe for disjoint windows only).
 */
public final class ReplayService {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayService.class);

    private final ControlTopic control;
    private final ComponentCatalog catalog;
    private final ReplayValidator validator;
    private final RouteOverrides overrides;
    private final AuditLog audit;
    private final Clock clock;
    private final ReentrantLock startLock = new ReentrantLock();

    /** A service over the given collaborators. */
    public ReplayService(ControlTopic control, ComponentCatalog catalog, ReplayValidator validator,
            RouteOverrides overrides, AuditLog audit, Clock clock) {
        this.control = control;
        this.catalog = catalog;
        this.validator = validator;
        this.overrides = overrides;
        this.audit = audit;
        this.clock = clock;
    }

    /** Validates, publishes the route override if needed, writes START; returns the pending replay. */
    public ReplayStatus start(ReplayRequest request, Caller caller) {
        return start(request, ReplayId.random(), caller);
    }

    /**
     * {@link #start(ReplayRequest, Caller)} under an id the caller derived from what it does, started once: when
     * {@code rewind.control} holds a replay of that id already, that replay's status is returned and nothing is
     * checked, published or written. A caller that stops between starting a replay and recording that it did
     * (a rollout's rollback) therefore does not start it twice.
     */
    public ReplayStatus start(ReplayRequest request, ReplayId replayId, Caller caller) {
        Optional<ReplayStatus> started = started(replayId);
        if (started.isPresent()) {
            return started.get();
        }
        ComponentVersion target = ReplayValidator.target(request);
        CohortSelector cohort = ReplayValidator.cohort(request);
        String reason = ReplayValidator.reason(request);
        ReplayValidator.rate(request);
        validator.requireKnown(target);
        validator.requireRunning(target);
        Instant now = clock.instant();
        ReplayWindow window = validator.window(request.from(), request.to(), now);
        validator.requireRetained(target.component(), window);
        startLock.lock();
        try {
            started = started(replayId);
            if (started.isPresent()) {
                return started.get();
            }
            ReplayValidator.requireNoOverlap(target, cohort, list(target.component(), null));
            StartReplay spec = new StartReplay(replayId, target, cohort, window,
                    Boolean.TRUE.equals(request.dryRun()),
                    request.maxEventsPerSecond() == null ? OptionalDouble.empty()
                            : OptionalDouble.of(request.maxEventsPerSecond()),
                    reason, caller.name(), now);
            // a dry run changes nothing, routes included: it only reports what the version would do
            boolean overridden = !spec.dryRun() && overrides.moveWindowIfNeeded(spec, caller);
            if (overridden) {
                // instances start once their route log has read everything published before
                // requestedAt: stamping the command after the override's acknowledgement makes
                // sure that includes the override
                spec = spec.requestedAt(clock.instant());
            }
            control.write(spec);
            audit.record(null, caller, AuditAction.REPLAY_STARTED, target.component(), spec.replayId().value(), reason,
                    Map.of("version", target.version(), "cohort", cohort.toString(), "from", window.from().toString(),
                            "to", window.to().toString(), "dryRun", Boolean.toString(spec.dryRun()),
                            "routeOverride", Boolean.toString(overridden)));
            LOGGER.atInfo().addKeyValue("replayId", spec.replayId()).addKeyValue("component", target.component())
                    .addKeyValue("version", target.version()).addKeyValue("cohort", cohort)
                    .log("Replay {} started by {}", window, caller.name());
            return ReplayAggregator.status(ReplaySnapshot.accepted(spec), Set.of());
        } finally {
            startLock.unlock();
        }
    }

    /**
     * Starts a redrive (protocol/REPLAY-PROTOCOL.md, "Redrives"): the replay protocol restricted to
     * the selected source records, which {@code target} reprocesses whoever owned them, at its current
     * state, with the guarantees of a replay (one transaction per batch, progress, rate limit, cancel,
     * dry run). No route override: a redrive moves no ownership. The same checks as a replay apply
     * (known and running version, window within retention, no overlapping unfinished replay of the
     * version: a redrive overlaps every cohort).
     *
     * @param window covers the selected records' event times, so a plan skips the rest without decoding
     */
    public ReplayStatus startRedrive(ComponentVersion target, EventSelection events, ReplayWindow window,
            boolean dryRun, OptionalDouble maxEventsPerSecond, String reason, Caller caller) {
        validator.requireKnown(target);
        validator.requireRunning(target);
        validator.requireRetained(target.component(), window);
        startLock.lock();
        try {
            ReplayValidator.requireNoOverlap(target, CohortSelector.DEFAULT, list(target.component(), null));
            StartReplay spec = new StartReplay(ReplayId.random(), target, CohortSelector.DEFAULT, window, dryRun,
                    maxEventsPerSecond, reason, caller.name(), clock.instant(), Optional.of(events));
            control.write(spec);
            audit.record(null, caller, AuditAction.REPLAY_STARTED, target.component(), spec.replayId().value(), reason,
                    Map.of("version", target.version(), "redrive", events.toString(), "from", window.from().toString(),
                            "to", window.to().toString(), "dryRun", Boolean.toString(dryRun)));
            LOGGER.atInfo().addKeyValue("replayId", spec.replayId()).addKeyValue("component", target.component())
                    .addKeyValue("version", target.version()).log("Redrive of {} started by {}", events, caller.name());
            return ReplayAggregator.status(ReplaySnapshot.accepted(spec), Set.of());
        } finally {
            startLock.unlock();
        }
    }

    /** The replay's current status. */
    public ReplayStatus get(String id) {
        ReplaySnapshot record = snapshot(id);
        return ReplayAggregator.status(record, catalog.sourcePartitions(ReplayAggregator.start(record).target()));
    }

    /** Replays, newest first, optionally of one component and in one state. */
    public List<ReplayStatus> list(String component, ReplayState state) {
        Map<ComponentVersion, Set<TopicPartition>> partitions = new HashMap<>();
        return control.index().replays().stream()
                .filter(r -> r.start().isPresent())
                .filter(r -> component == null || r.start().get().target().component().equals(component))
                .map(r -> ReplayAggregator.status(r,
                        partitions.computeIfAbsent(r.start().get().target(), catalog::sourcePartitions)))
                .filter(s -> state == null || s.state() == state)
                .sorted(java.util.Comparator.comparing(ReplayStatus::requestedAt).reversed())
                .toList();
    }

    /** Whether a replay will not change any more (for the retention of the control topic). */
    public boolean isFinished(ReplaySnapshot record) {
        StartReplay start = ReplayAggregator.start(record);
        return ReplayAggregator.status(record, catalog.sourcePartitions(start.target())).state().isTerminal();
    }

    /** Asks the instances to stop the replay where they are; returns how far it got. */
    public ReplayStatus cancel(String id, Caller caller, String reason) {
        ReplayStatus current = get(id);
        if (current.state().isTerminal()) {
            throw Rejection.conflict(Rejection.Conflict.Reason.REPLAY_FINISHED, "Replay " + id + " is already " + current.state().label()
                    + "; there is nothing to cancel.", Map.of("state", current.state().label()));
        }
        ReplaySnapshot record = snapshot(id);
        if (record.cancel().isEmpty()) {
            StartReplay spec = ReplayAggregator.start(record);
            control.write(CancelReplay.of(spec, caller.name(), clock.instant()));
            audit.record(null, caller, AuditAction.REPLAY_CANCELLED, spec.target().component(), id,
                    reason == null || reason.isBlank() ? "cancelled" : reason,
                    Map.of("version", spec.target().version(), "cohort", spec.selector().toString()));
        }
        return get(id);
    }

    /** The status of the replay {@code replayId} if its START is on the control topic. */
    private Optional<ReplayStatus> started(ReplayId replayId) {
        return control.index().replay(replayId).filter(r -> r.start().isPresent())
                .map(r -> get(replayId.value()));
    }

    /** What the control topic holds about a replay whose START is known. */
    private ReplaySnapshot snapshot(String id) {
        ReplayId replayId;
        try {
            replayId = ReplayId.of(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
        return control.index().replay(replayId).filter(r -> r.start().isPresent())
                .orElseThrow(() -> unknown(id));
    }

    private static RuntimeException unknown(String id) {
        return Rejection.unknown(Rejection.Unknown.Thing.REPLAY, "No replay with id '" + id + "' is recorded on "
                + ControlTopic.TOPIC + "; list replays with GET /api/v1/replays.");
    }
}
