package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.routing.OwnershipSlice;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RouteSnapshot;
import dev.rewind.engine.routing.RouteTiming;
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

    /** Starts a route log (closed with {@code resources}) and answers from it. */
    static OwnershipCheck create(EngineConfig config, ComponentVersion version, List<AutoCloseable> resources) {
        RouteLog log = RouteLog.start(RouteLog.Options.of(ClientConfigs.reader(config, "route-log"))
                .withTiming(timing(config)));
        resources.add(log);
        return of(log, version);
    }

    static OwnershipCheck of(RouteLog log, ComponentVersion version) {
        return new SlicedOwnership(log, version);
    }

    /**
     * Answers from the {@linkplain OwnershipSlice slice} of the last event while the next one falls
     * into it: one look-up of the route history per slice rather than per event. Events of a
     * partition come roughly in time order, so consecutive events share a slice. The slice is an
     * immutable value, so a read from another thread (a dry run) sees a whole one.
     */
    private static final class SlicedOwnership implements OwnershipCheck {
        private final RouteLog log;
        private final ComponentVersion version;
        private volatile OwnershipSlice last;

        SlicedOwnership(RouteLog log, ComponentVersion version) {
            this.log = log;
            this.version = version;
        }

        @Override
        public Decision decide(Cohort cohort, Instant eventTime) {
            RouteSnapshot snapshot = log.snapshot();
            if (!snapshot.isDecidable(version.component(), eventTime)) {
                return Decision.UNDECIDED;
            }
            OwnershipSlice slice = slice(snapshot, eventTime);
            Optional<ComponentVersion> owner = slice.cohortIndependent() ? slice.owner()
                    : snapshot.history().owner(version.component(), cohort, eventTime);
            if (owner.isEmpty()) {
                return slice.unroutableReporter().filter(version::equals).isPresent() ? Decision.UNROUTED
                        : Decision.NOT_OWNED;
            }
            return owner.get().equals(version) ? Decision.OWNED : Decision.NOT_OWNED;
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
            return slice(snapshot, eventTime).unroutableReporter().filter(version::equals).isPresent()
                    ? Decision.OWNED : Decision.NOT_OWNED;
        }

        @Override
        public Optional<Decision> decideByTime(Instant eventTime) {
            RouteSnapshot snapshot = log.snapshot();
            if (!snapshot.isDecidable(version.component(), eventTime)) {
                return Optional.of(Decision.UNDECIDED);
            }
            OwnershipSlice slice = slice(snapshot, eventTime);
            if (!slice.cohortIndependent() || slice.owner().isEmpty()) {
                return Optional.empty();
            }
            if (slice.owner().get().equals(version)) {
                return Optional.of(Decision.OWNED);
            }
            boolean reports = slice.unroutableReporter().filter(version::equals).isPresent();
            return reports ? Optional.empty() : Optional.of(Decision.NOT_OWNED);
        }

        private OwnershipSlice slice(RouteSnapshot snapshot, Instant eventTime) {
            OwnershipSlice slice = last;
            if (slice == null || !slice.answers(snapshot.history(), eventTime)) {
                slice = snapshot.history().slice(version.component(), eventTime);
                last = slice;
            }
            return slice;
        }
    }
}
