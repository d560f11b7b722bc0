package dev.rewind.replaytool.rollout;

import dev.rewind.api.rollouts.RolloutRequest;
import dev.rewind.api.routes.RouteView;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.replaytool.replay.ReplayValidator;
import dev.rewind.replaytool.routes.RouteService;
import dev.rewind.schemas.avro.AuditAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, pauses, resumes and aborts rollouts and shows them; the {@link RolloutDriver} takes the guard's
 * decisions. The state lives on {@code rewind.rollouts} ({@link RolloutLog}); every change is written there,
 * audited, and made under the log's lock so an operator's action and the driver's never interleave.
 */
public final class RolloutService {

    private static final Logger LOGGER = LoggerFactory.getLogger(RolloutService.class);

    private final RolloutLog log;
    private final RouteService routes;
    private final RolloutRoutes rolloutRoutes;
    private final ReplayValidator versions;
    private final AuditLog audit;
    private final RolloutStats stats;
    private final Clock clock;

    /**
     * A service over the rollout log.
     *
     * @param stats the guard's statistics, or null when the service runs without the history index
     *     (then no rollout can start)
     */
    public RolloutService(RolloutLog log, RouteService routes, ReplayValidator versions, AuditLog audit,
            RolloutStats stats, Clock clock) {
        this.log = log;
        this.routes = routes;
        this.rolloutRoutes = new RolloutRoutes(routes);
        this.versions = versions;
        this.audit = audit;
        this.stats = stats;
        this.clock = clock;
    }

    /** Validates, publishes the first step's route and records the rollout. */
    public Rollout start(RolloutRequest request, Caller caller) {
        if (request == null) {
            throw Rejection.malformed("The body is empty; send a rollout request as JSON.");
        }
        log.acquire(); // before any route change, and so that the overlap check sees every rollout

        String component = RolloutValidator.component(request);
        CohortSelector selector = RolloutValidator.cohort(request);
        String reason = RolloutValidator.reason(request.reason());
        List<Integer> steps = RolloutValidator.steps(request.steps());
        GuardPolicy guard = RolloutValidator.guard(request);
        var dimension = RolloutValidator.rampDimension(request.rampDimension());
        if (stats == null) {
            throw Rejection.conflict(Rejection.Conflict.Reason.HISTORY_OFF, "A rollout's guard reads the history"
                    + " index's outcome statistics, and this service runs without it. Start it with the index on"
                    + " (history.source.topics or --history history.source.topics=<topics>).");
        }
        ComponentVersion target = RolloutValidator.version(component, request.version(), "version");
        requireKnown(target, "version");
        ComponentVersion baseline = baseline(component, selector, request.baseline());
        if (baseline.equals(target)) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'version' " + target.version() + " is the"
                    + " baseline: " + selector + " already runs on it. Give another 'version', or a 'baseline'.");
        }
        versions.requireRunning(target);
        versions.requireRunning(baseline);
        synchronized (log) {
            RolloutValidator.requireNoOverlap(component, selector, log.all());
            RolloutSpec spec = new RolloutSpec(component, selector, target.version(), baseline.version(), steps,
                    dimension, guard);
            PreviousRoute previous = routes.findRoute(component, selector).filter(r -> r.target() != null)
                    .map(r -> new PreviousRoute(r.target(), r.targetKind(), r.ramp())).orElse(null);
            RolloutId id = RolloutId.random();
            RouteView route = rolloutRoutes.publishStep(spec, 0, id.stepChangeId(0), caller,
                    "rollout " + id + ": " + reason);
            Instant now = clock.instant();
            Decision started = Decision.of(now, "started", 0, "Step 1 of " + steps.size() + ": "
                    + spec.percent(0).toPlainString() + "% of " + selector + " on " + target.version() + " from "
                    + route.effectiveFrom() + ", watched for " + guard.window().toSeconds() + " s against "
                    + baseline.version() + " (margin " + guard.marginPercent().toPlainString() + " points, at least "
                    + guard.minSamples() + " outcomes).", caller.name()).withRouteChange(route.changeId());
            Rollout rollout = new Rollout(id, spec, previous, RolloutMachine.started(route.effectiveFrom()),
                    route.effectiveFrom(), caller.name(), reason, now, now, List.of(started));
            log.write(rollout);
            audit(caller, AuditAction.ROLLOUT_STARTED, rollout, reason, started);
            LOGGER.atInfo().addKeyValue("rolloutId", id).addKeyValue("component", component)
                    .addKeyValue("version", target.version()).addKeyValue("cohort", selector)
                    .log("Rollout started by {}", caller.name());
            return rollout;
        }
    }

    /** The baseline: the one given, or the version that owns the selector now. */
    private ComponentVersion baseline(String component, CohortSelector selector, String given) {
        if (given != null) {
            ComponentVersion baseline = RolloutValidator.version(component, given, "baseline");
            requireKnown(baseline, "baseline");
            return baseline;
        }
        return routes.owner(component, selector, clock.instant())
                .map(v -> new ComponentVersion(component, v))
                .orElseThrow(() -> Rejection.invalid(Rejection.Invalid.Rule.VALUE, "No route sends " + selector
                        + " of " + component + " to a version now, so there is no baseline to compare with and"
                        + " return to. Give 'baseline', or route the cohort first."));
    }

    /** 404 naming the field when the component or the version is unknown. */
    private void requireKnown(ComponentVersion version, String field) {
        try {
            versions.requireKnown(version);
        } catch (Rejection.Unknown e) {
            throw Rejection.unknown(e.thing(), "'" + field + "' " + version.version() + ": " + e.getMessage(),
                    e.facts());
        }
    }

    /** One rollout. */
    public Rollout get(String id) {
        RolloutId rolloutId;
        try {
            rolloutId = new RolloutId(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
        return log.get(rolloutId).orElseThrow(() -> unknown(id));
    }

    /** Rollouts, newest first, optionally of one component and in one state. */
    public List<Rollout> list(String component, String state) {
        return log.all().stream()
                .filter(r -> component == null || r.spec().component().equals(component))
                .filter(r -> state == null || r.phase().label().equals(state))
                .toList();
    }

    /** Pauses a watching rollout: the guard stops deciding, routes stay. */
    public Rollout pause(String id, String reasonText, Caller caller) {
        String reason = RolloutValidator.reason(reasonText);
        return change(id, AuditAction.ROLLOUT_PAUSED, caller, reason,
                r -> RolloutMachine.paused(r, caller.name(), reason, clock.instant()));
    }

    /** Resumes a paused rollout: its step's window starts again. */
    public Rollout resume(String id, String reasonText, Caller caller) {
        String reason = RolloutValidator.reason(reasonText);
        return change(id, AuditAction.ROLLOUT_RESUMED, caller, reason,
                r -> RolloutMachine.resumed(r, caller.name(), reason, clock.instant()));
    }

    /** Aborts a watching or paused rollout: the selector's previous route is restored, nothing is replayed. */
    public Rollout abort(String id, String reasonText, Caller caller) {
        String reason = RolloutValidator.reason(reasonText);
        return change(id, AuditAction.ROLLOUT_ABORTED, caller, reason, r -> {
            if (!RolloutMachine.abortable(r)) {
                throw new IllegalStateException("only a watching or paused rollout can be aborted; this one is "
                        + r.phase().label());
            }
            // a retry after a restart that came between restoring and recording finds the route restored
            String changeId = r.id().abortChangeId();
            if (rolloutRoutes.published(r.spec().component(), changeId).isEmpty()) {
                rolloutRoutes.restore(r.spec(), r.previousRoute(), changeId, caller,
                        "rollout " + r.id() + " aborted: " + reason);
            }
            return RolloutMachine.aborted(r, caller.name(), reason, changeId, clock.instant());
        });
    }

    private Rollout change(String id, AuditAction action, Caller caller, String reason, UnaryOperator<Rollout> step) {
        log.acquire();
        synchronized (log) {
            Rollout current = get(id);
            Rollout next;
            try {
                next = step.apply(current);
            } catch (IllegalStateException e) {
                throw Rejection.conflict(Rejection.Conflict.Reason.ROLLOUT_STATE, "Rollout " + id + ": "
                        + e.getMessage() + ".", Map.of("state", current.phase().label()));
            }
            log.write(next);
            audit(caller, action, next, reason, next.lastDecision());
            return next;
        }
    }

    /** What the guard sees now for a watching rollout whose step is in effect. */
    public Optional<GuardVerdict> guardNow(Rollout rollout) {
        if (stats == null || !(rollout.phase() instanceof RolloutPhase.Watching watching)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isBefore(watching.watchFrom())) {
            return Optional.empty();
        }
        RolloutStats.Samples samples = stats.samples(rollout.spec(), watching.watchFrom(), now);
        return Optional.of(Guard.decide(rollout.spec().guard(), samples.version(), samples.baselineCohort(),
                samples.baselineVersion(), Duration.between(watching.watchFrom(), now)));
    }

    void audit(Caller caller, AuditAction action, Rollout rollout, String reason, Decision decision) {
        audit.record(null, caller, action, rollout.spec().component(), rollout.id().value(), reason,
                Map.of("kind", decision.kind(), "step", Integer.toString(decision.step()), "cohort",
                        rollout.spec().selector().toString(), "version", rollout.spec().version(), "baseline",
                        rollout.spec().baseline(), "state", rollout.phase().label(), "detail", decision.detail()));
    }

    RolloutLog log() {
        return log;
    }

    RolloutRoutes routes() {
        return rolloutRoutes;
    }

    private static RuntimeException unknown(String id) {
        return Rejection.unknown(Rejection.Unknown.Thing.ROLLOUT, "No rollout with id '" + id + "' is recorded on "
                + dev.rewind.protocol.topics.RewindTopics.ROLLOUTS + "; list rollouts with GET /api/v1/rollouts.");
    }
}
