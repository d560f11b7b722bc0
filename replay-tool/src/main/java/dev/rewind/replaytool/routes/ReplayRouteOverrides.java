package dev.rewind.replaytool.routes;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.CohortSelector;
import dev.rewind.engine.routing.RouteHistory;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.replay.ReplaySpec;
import dev.rewind.replaytool.replay.RouteOverrides;
import java.time.Instant;
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
 * Between those times ownership is constant, so this covers the whole window.
 */
public final class ReplayRouteOverrides implements RouteOverrides {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayRouteOverrides.class);

    private final RouteLog log;
    private final RoutePublisher publisher;
    private final RouteService routes;

    /** Overrides published through {@code publisher} and checked against {@code log}. */
    public ReplayRouteOverrides(RouteLog log, RoutePublisher publisher, RouteService routes) {
        this.log = log;
        this.publisher = publisher;
        this.routes = routes;
    }

    @Override
    public boolean moveWindowIfNeeded(ReplaySpec spec, Caller caller) {
        if (ownsWholeWindow(log.history(), spec)) {
            return false;
        }
        ComponentVersion target = spec.target();
        publisher.overrideForReplay(target.component(), spec.cohort(), target.version(), spec.window().from(),
                spec.window().to(), spec.id(), caller.name(), spec.reason());
        routes.awaitVisible();
        LOGGER.atInfo().addKeyValue("replayId", spec.id()).addKeyValue("component", target.component())
                .addKeyValue("version", target.version()).addKeyValue("cohort", spec.cohort())
                .log("Replay window {} moved to the replayed version", spec.window());
        return true;
    }

    /** Whether the target version owns the selector's events at every time of the window. */
    static boolean ownsWholeWindow(RouteHistory history, ReplaySpec spec) {
        String component = spec.target().component();
        Cohort cohort = cohortOf(spec.cohort());
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

    private static boolean owns(RouteHistory history, ReplaySpec spec, Cohort cohort, Instant t) {
        Optional<ComponentVersion> owner = history.owner(spec.target().component(), cohort, t);
        return owner.isPresent() && owner.get().equals(spec.target());
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
