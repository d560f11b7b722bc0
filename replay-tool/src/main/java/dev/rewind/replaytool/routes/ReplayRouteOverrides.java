package dev.rewind.replaytool.routes;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteHistory;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.replaytool.replay.RouteOverrides;
import dev.rewind.schemas.avro.AuditAction;
import dev.rewind.schemas.avro.RouteChange;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a cohort's replay window to the replayed version when that version did not own it
 * throughout (fix forward), by publishing the one retroactive route change there is: a
 * {@code REPLAY_OVERRIDE} for the selector over {@code [from, to)}.
 *
 * <p>Ownership is checked for an event carrying only the selector's dimension, at the window's
 * start and at every time within it where a route, channel or override of the component changes.
 * Between those times ownership is constant, so this covers the whole window. A window in which the
 * deciding route carries a ramp is never owned throughout: the ramp splits the selector's events by
 * a dimension the check cannot enumerate, so the override is published.
 */
public final class ReplayRouteOverrides implements RouteOverrides {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayRouteOverrides.class);

    private final RouteLog log;
    private final RoutePublisher publisher;
    private final RouteService routes;
    private final AuditLog audit;

    /** Overrides published through {@code publisher}, checked against {@code log} and audited. */
    public ReplayRouteOverrides(RouteLog log, RoutePublisher publisher, RouteService routes, AuditLog audit) {
        this.log = log;
        this.publisher = publisher;
        this.routes = routes;
        this.audit = audit;
    }

    @Override
    public boolean moveWindowIfNeeded(StartReplay spec, Caller caller) {
        if (ownsWholeWindow(log.history(), spec)) {
            return false;
        }
        ComponentVersion target = spec.target();
        RouteChange change = publisher.overrideForReplay(target.component(), spec.selector(), target.version(),
                spec.window().from(), spec.window().to(), spec.replayId(), caller.name(), spec.reason());
        routes.awaitVisible();
        audit.record(change.getChangeId(), caller, AuditAction.ROUTE_OVERRIDDEN, target.component(),
                spec.selector().toString(), spec.reason(), Map.of("version", target.version(), "replayId",
                        spec.replayId().value(), "from", spec.window().from().toString(), "to", spec.window().to().toString()));
        LOGGER.atInfo().addKeyValue("replayId", spec.replayId()).addKeyValue("component", target.component())
                .addKeyValue("version", target.version()).addKeyValue("cohort", spec.selector())
                .log("Replay window {} moved to the replayed version", spec.window());
        return true;
    }

    /** Whether the target version owns the selector's events at every time of the window. */
    static boolean ownsWholeWindow(RouteHistory history, StartReplay spec) {
        String component = spec.target().component();
        Cohort cohort = cohortOf(spec.selector());
        Instant from = spec.window().from();
        Instant to = spec.window().to();
        if (!owns(history, spec, cohort, from)) {
            return false;
        }
        for (Instant t : history.changeTimes(component).subSet(from, false, to, false)) {
            if (!owns(history, spec, cohort, t)) {
                return false;
            }
        }
        return true;
    }

    private static boolean owns(RouteHistory history, StartReplay spec, Cohort cohort, Instant t) {
        Optional<ComponentVersion> owner = history.owner(spec.target().component(), cohort, t);
        // under a ramp, events of the selector with other values of the ramp's dimension may have another owner
        return owner.isPresent() && owner.get().equals(spec.target())
                && !history.rampedAt(spec.target().component(), cohort, t);
    }

    static Cohort cohortOf(CohortSelector selector) {
        return switch (selector.kind()) {
            case DEFAULT -> Cohort.none();
            case PLAN -> Cohort.ofPlan(selector.id());
            case CUSTOMER -> Cohort.ofCustomer(selector.id());
            case PROJECT -> Cohort.ofProject(selector.id());
        };
    }
}
