package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.routing.Ownership;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RouteSnapshot;
import dev.rewind.engine.routing.RouteTiming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Ownership decisions of one version from a {@link RouteLog} following {@code rewind.routes}. */
final class Ownerships {

    private Ownerships() {
    }

    /** The route timing of an engine: the configured margin with the shared delay and skew bounds. */
    static RouteTiming timing(EngineConfig config) {
        return new RouteTiming(config.routeSkewMargin(), RouteTiming.DEFAULTS.maxPublishDelay(),
                RouteTiming.DEFAULTS.maxClockSkew());
    }

    /**
     * Starts a route log (closed with {@code resources}) and answers from it; {@code health} follows how far
     * behind the end of the topic the history read is.
     */
    static OwnershipCheck create(EngineConfig config, ComponentVersion version, List<AutoCloseable> resources,
                                 InstanceHealth health, Clock clock) {
        RouteTiming timing = timing(config);
        RouteLog log = RouteLog.start(RouteLog.Options.of(ClientConfigs.reader(config, "route-log"))
                .withTiming(timing));
        resources.add(log);
        health.followRouteHistory(() -> lag(log.ownershipHorizon(), timing, clock));
        return of(log, version);
    }

    /**
     * How far behind a route log whose horizon is {@code horizon} is: the horizon moves with the local time at which
     * the log was last read to the end ({@link RouteTiming#horizon}), so the lag is now's horizon minus it; empty
     * before the first read to the end.
     */
    static Optional<Duration> lag(Instant horizon, RouteTiming timing, Clock clock) {
        if (horizon.equals(RouteSnapshot.INITIAL.horizon())) {
            return Optional.empty();
        }
        Duration lag = Duration.between(horizon, timing.horizon(clock.instant()));
        return Optional.of(lag.isNegative() ? Duration.ZERO : lag);
    }

    static OwnershipCheck of(RouteLog log, ComponentVersion version) {
        return new OwnershipCheck() {
            @Override
            public Decision decide(Cohort cohort, Instant eventTime) {
                Ownership ownership = log.decide(version.component(), cohort, eventTime);
                if (ownership instanceof Ownership.Undecided) {
                    return Decision.UNDECIDED;
                }
                if (ownership instanceof Ownership.Unrouted) {
                    return reportsUnroutable(eventTime) == Decision.OWNED ? Decision.UNROUTED : Decision.NOT_OWNED;
                }
                return ownership.isOwnedBy(version) ? Decision.OWNED : Decision.NOT_OWNED;
            }

            @Override
            public boolean decidable(Instant eventTime) {
                return log.snapshot().isDecidable(version.component(), eventTime);
            }

            @Override
            public Decision reportsUnroutable(Instant eventTime) {
                RouteSnapshot snapshot = log.snapshot();
                if (!snapshot.isDecidable(version.component(), eventTime)) {
                    return Decision.UNDECIDED;
                }
                return snapshot.history().unroutableReporter(version.component(), eventTime)
                        .filter(version::equals).isPresent() ? Decision.OWNED : Decision.NOT_OWNED;
            }
        };
    }
}
