package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.CohortKeys;
import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.engine.routing.EventTimeRule;
import dev.rewind.engine.routing.FixedOwnershipTime;
import dev.rewind.engine.routing.OwnershipSlice;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTimingAgreement;
import dev.rewind.engine.routing.RouteHistory;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RouteSnapshot;
import dev.rewind.engine.routing.RouteTiming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Ownership decisions of one version from a {@link RouteLog} following {@code rewind.routes}. */
final class Ownerships {

    private Ownerships() {
    }

    /** The route timing of an engine: the configured margin with the shared delay and skew bounds. */
    static RouteTiming timing(EngineConfig config) {
        return EngineConfig.routeTiming(config.routeSkewMargin());
    }

    /**
     * Starts a route log and the event-time rule (closed with {@code resources}) and answers from
     * them; {@code health} follows how far behind the end of the topic the history read is;
     * {@code onFixed} counts the ownership-time fixes this instance publishes.
     */
    static OwnershipCheck create(EngineConfig config, ComponentVersion version, List<AutoCloseable> resources,
            InstanceHealth health, Clock clock, Runnable onFixed) {
        RouteTiming timing = timing(config);
        RouteLog log = RouteLog.start(RouteLog.Options.of(ClientConfigs.reader(config, "route-log"))
                .withTiming(timing));
        resources.add(log);
        agreeOnTiming(log, timing, config, clock);
        health.followRouteHistory(() -> lag(log.ownershipHorizon(), timing, clock));
        EventTimeRule rule = new EventTimeRule(log, timing, config.eventTimeAfterMax(),
                () -> RoutePublisher.create(ClientConfigs.reportProducer(config), RouteLog.Options.DEFAULT_TOPIC,
                        timing, clock),
                config.transactionalId(), clock, onFixed);
        resources.add(rule);
        return of(log, rule, version);
    }

    /** Refuses to run with a route timing other than the installation's ({@link RouteTimingAgreement}). */
    private static void agreeOnTiming(RouteLog log, RouteTiming timing, EngineConfig config, Clock clock) {
        try {
            RouteTimingAgreement.verify(log, timing, () -> {
                try (RoutePublisher publisher = RoutePublisher.create(ClientConfigs.reportProducer(config),
                        RouteLog.Options.DEFAULT_TOPIC, timing, clock)) {
                    return publisher.recordTiming(config.transactionalId());
                }
            }, Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the installation's route timing", e);
        }
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

    static OwnershipCheck of(RouteLog log, EventTimeRule rule, ComponentVersion version) {
        return new SlicedOwnership(log::snapshot, rule, version);
    }

    /** Answers from the snapshots {@code snapshots} supplies (the latest each time), with the event-time rule. */
    static OwnershipCheck of(Supplier<RouteSnapshot> snapshots, EventTimeRule rule, ComponentVersion version) {
        return new SlicedOwnership(snapshots, rule, version);
    }

    /**
     * Answers from the {@linkplain OwnershipSlice slice} of the last event while the next one falls
     * into it: one look-up of the route history per slice rather than per event. Events of a
     * partition come roughly in time order, so consecutive events share a slice. The slice is an
     * immutable value, so a read from another thread (a dry run) sees a whole one.
     */
    private static final class SlicedOwnership implements OwnershipCheck {
        /** One answer per decision, so that deciding allocates nothing. */
        private static final Map<Decision, Optional<Decision>> DECISIONS = new EnumMap<>(Decision.class);

        static {
            for (Decision decision : Decision.values()) {
                DECISIONS.put(decision, Optional.of(decision));
            }
        }

        /** The cohort keys of one route history. */
        private record KeysOf(RouteHistory history, Optional<CohortKeys> keys) {
        }

        /**
         * The decision per canonical cohort within one slice: no change takes effect inside a slice, so
         * a cohort's owner is the same at every time in it, and canonical cohorts are few.
         */
        private record CanonicalDecisions(OwnershipSlice slice, CohortKeys keys, Map<Cohort, Decision> decisions) {
        }

        private final Supplier<RouteSnapshot> snapshots;
        private final EventTimeRule rule;
        private final ComponentVersion version;
        private volatile OwnershipSlice last;
        private volatile KeysOf keys;
        /** Decisions per canonical cohort in one slice; consumer thread only, as {@link #decideCanonical}. */
        private CanonicalDecisions canonical;

        SlicedOwnership(Supplier<RouteSnapshot> snapshots, EventTimeRule rule, ComponentVersion version) {
            this.snapshots = snapshots;
            this.rule = rule;
            this.version = version;
        }

        @Override
        public Instant eventTime(ConsumerRecord<byte[], byte[]> record) {
            return rule.eventTime(new TopicPartition(record.topic(), record.partition()), record.offset(),
                    Instant.ofEpochMilli(record.timestamp()));
        }

        @Override
        public Instant fixedEventTime(ConsumerRecord<byte[], byte[]> record) {
            return snapshots.get().history().fixedOwnershipTime(new TopicPartition(record.topic(), record.partition()),
                    record.offset()).map(FixedOwnershipTime::ownershipTime)
                    .orElseGet(() -> Instant.ofEpochMilli(record.timestamp()));
        }

        @Override
        public Decision decide(Cohort cohort, Instant eventTime) {
            return decide(snapshots.get(), cohort, eventTime);
        }

        @Override
        public Optional<CohortKeys> cohortKeys() {
            RouteHistory history = snapshots.get().history();
            KeysOf current = keys;
            if (current == null || current.history() != history) {
                current = new KeysOf(history, history.decidingSelectors(version.component())
                        .flatMap(CohortKeys::of));
                keys = current;
            }
            return current.keys();
        }

        @Override
        public Optional<Decision> decideCanonical(Cohort cohort, CohortKeys canonicalKeys, Instant eventTime) {
            RouteSnapshot snapshot = snapshots.get();
            KeysOf current = keys;
            if (current == null || current.history() != snapshot.history()
                    || current.keys().orElse(null) != canonicalKeys) {
                return Optional.empty();
            }
            if (!snapshot.isDecidable(version.component(), eventTime)) {
                return DECISIONS.get(Decision.UNDECIDED);
            }
            OwnershipSlice slice = slice(snapshot, eventTime);
            CanonicalDecisions cached = canonical;
            if (cached == null || cached.slice() != slice || cached.keys() != canonicalKeys) {
                cached = new CanonicalDecisions(slice, canonicalKeys, new IdentityHashMap<>());
                canonical = cached;
            }
            Decision decision = cached.decisions().get(cohort);
            if (decision == null) {
                // a route look-up validates names per call: once per canonical cohort and slice is enough
                decision = decide(snapshot, cohort, eventTime);
                if (canonicalKeys.isCanonical(cohort)) {
                    cached.decisions().put(cohort, decision);
                }
            }
            return DECISIONS.get(decision);
        }

        private Decision decide(RouteSnapshot snapshot, Cohort cohort, Instant eventTime) {
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
            return snapshots.get().isDecidable(version.component(), eventTime);
        }

        @Override
        public Decision reportsUnroutable(Instant eventTime) {
            RouteSnapshot snapshot = snapshots.get();
            if (!snapshot.isDecidable(version.component(), eventTime)) {
                return Decision.UNDECIDED;
            }
            return slice(snapshot, eventTime).unroutableReporter().filter(version::equals).isPresent()
                    ? Decision.OWNED : Decision.NOT_OWNED;
        }

        @Override
        public Optional<Decision> decideByTime(Instant eventTime) {
            RouteSnapshot snapshot = snapshots.get();
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
