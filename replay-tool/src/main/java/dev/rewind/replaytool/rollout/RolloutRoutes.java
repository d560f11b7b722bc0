package dev.rewind.replaytool.rollout;

import dev.rewind.api.routes.RampSpec;
import dev.rewind.api.routes.RouteRequest;
import dev.rewind.api.routes.RouteView;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.routes.RouteService;
import java.time.Instant;
import java.util.Optional;

/**
 * The route changes a rollout makes, through the {@link RouteService} (so they are audited and obey the
 * route margin like any other): a step below 100% is the selector routed to the baseline with a ramp of
 * that share to the new version; the last step routes the selector to the new version; a rollback or an
 * abort restores the selector's previous route, or removes the rollout's when it had none.
 */
final class RolloutRoutes {

    private static final String VERSION = "version";

    private final RouteService routes;

    RolloutRoutes(RouteService routes) {
        this.routes = routes;
    }

    /** When the rollout's route change {@code changeId} takes effect, if the route log holds it. */
    Optional<Instant> published(String component, String changeId) {
        return routes.changeEffectiveFrom(component, changeId);
    }

    /** Publishes step {@code step}'s route under {@code changeId}; returns it with its effective time. */
    RouteView publishStep(RolloutSpec spec, int step, String changeId, Caller caller, String reason) {
        int basisPoints = spec.stepBasisPoints().get(step);
        RouteRequest request = basisPoints == 10_000
                ? new RouteRequest(spec.version(), VERSION, null, null, reason)
                : new RouteRequest(spec.baseline(), VERSION, new RampSpec(spec.rampDimension().label(),
                        spec.percent(step), spec.version(), VERSION), null, reason);
        return routes.set(spec.component(), spec.selector().toString(), request, caller, changeId);
    }

    /** Restores the selector's route as it was before the rollout, under {@code changeId}. */
    RouteView restore(RolloutSpec spec, PreviousRoute previous, String changeId, Caller caller, String reason) {
        if (previous == null) {
            return routes.unset(spec.component(), spec.selector().toString(), reason, caller, changeId);
        }
        return routes.set(spec.component(), spec.selector().toString(),
                new RouteRequest(previous.target(), previous.targetKind(), previous.ramp(), null, reason), caller,
                changeId);
    }
}
