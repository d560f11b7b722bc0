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
import java.time.Instant;
import java.util.List;

/** Ownership decisions of one version from a {@link RouteLog} following {@code rewind.routes}. */
final class Ownerships {

    private Ownerships() {
    }

    /** The route timing of an engine: the configured margin with the shared delay and skew bounds. */
    static RouteTiming timing(EngineConfig config) {
        return EngineConfig.routeTiming(config.routeSkewMargin());
    }

    /** Starts a route log (closed with {@code resources}) and answers from it. */
    static OwnershipCheck create(EngineConfig config, ComponentVersion version, List<AutoCloseable> resources) {
        RouteLog log = RouteLog.start(RouteLog.Options.of(ClientConfigs.reader(config, "route-log"))
                .withTiming(timing(config)));
        resources.add(log);
        return of(log, version);
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
