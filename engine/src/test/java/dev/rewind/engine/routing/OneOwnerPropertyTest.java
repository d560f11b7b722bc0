package dev.rewind.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.TargetKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Assume;
import net.jqwik.api.Provide;

/**
 * Invariant 1 (one owner) under random route and channel changes, publication delays, clock
 * skews, per-version consumer lags, stale route logs and restarts.
 *
 * <p>Each version's instance is simulated reading one partition in offset order. For each event it
 * decides with a {@link RouteSnapshot} holding only the changes readable when its route log last
 * observed the end offsets (its true time {@code W}, read on its skewed clock), and with the horizon
 * {@link RouteTiming#horizon} of that observation; an undecided event makes it wait and retry. It
 * commits every few events and may crash, redoing the uncommitted events later with a newer route
 * log. Every event must end up processed by exactly the version the complete history names.
 *
 * <p>This test can fail: with the horizon rule removed from {@link RouteSnapshot#decide} (deciding
 * with whatever history has been read) jqwik finds a counterexample within the first few tries,
 * typically an event published just after a route change that an instance with a fresh route log
 * processes under the new route while an instance with a stale route log processes it under the old
 * one.
 */
class OneOwnerPropertyTest {

    private static final String COMPONENT = "rc";
    private static final List<String> VERSIONS = List.of("v1", "v2", "v3");
    private static final List<String> CHANNELS = List.of("stable", "beta");
    private static final List<String> SELECTORS = List.of("default", "plan:x", "plan:y", "customer:a",
            "customer:b", "project:p1", "project:p2", "project:p3");
    private static final List<Cohort> COHORTS = List.of(Cohort.none(), Cohort.of("a", "x", "p1"),
            Cohort.of("a", "y", "p2"), Cohort.of("b", "x", "p3"), Cohort.ofPlan("y"), Cohort.ofCustomer("b"),
            Cohort.of(null, "x", "p2"), Cohort.of("c1", "x", null), Cohort.of("c2", "y", null),
            Cohort.ofCustomer("c3"), Cohort.ofCustomer("c4"), Cohort.of("c5", null, "p1"));
    /** Customers of the ramp property: enough that every step moves some of them. */
    private static final List<Cohort> RAMP_COHORTS = java.util.stream.IntStream.range(0, 40)
            .mapToObj(i -> Cohort.of("customer-" + i, i % 3 == 0 ? "x" : "y", null)).toList();
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ofMillis(1000), Duration.ofMillis(200), Duration.ofMillis(200));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    record RouteSpec(int publishAt, int selector, boolean unset, boolean toChannel, int target, int requestedOffset,
            int delay, int skew) {
    }

    /** A SET of a selector with a ramp of its customer values: {@code basisPoints} of them to {@code rampTarget}. */
    record RampSpec(int publishAt, int selector, int target, int rampTarget, int basisPoints, int delay, int skew) {
    }

    record ChannelSpec(int publishAt, int channel, int version, int requestedOffset, int delay, int skew) {
    }

    record VersionSpec(int clockSkew, int lag, int routeLogLag, int commitEvery, Set<Integer> crashes, long seed) {
    }

    record EventSpec(int gap, int cohort) {
    }

    /** A change and the true time from which route logs can read it. */
    record Published(Object change, long readableAt) {
    }

    @Property(tries = 300)
    void everyEventIsProcessedByExactlyTheOneVersionTheHistoryNames(
            @ForAll("routes") List<RouteSpec> routes,
            @ForAll("ramps") List<RampSpec> ramps,
            @ForAll("channels") List<ChannelSpec> channels,
            @ForAll("versions") List<VersionSpec> versions,
            @ForAll("events") List<EventSpec> eventSpecs) {
        List<Published> published = publish(routes, channels, true);
        published.addAll(publishRamps(ramps));
        RouteHistory.Builder complete = RouteHistory.builder();
        published.forEach(p -> add(complete, p.change()));
        RouteHistory truth = complete.build();

        List<long[]> events = new ArrayList<>(); // {eventTime, cohortIndex}
        long time = 0;
        for (EventSpec spec : eventSpecs) {
            time += spec.gap();
            events.add(new long[] {time, spec.cohort()});
        }

        Map<Integer, Set<String>> processedBy = new HashMap<>();
        for (int v = 0; v < VERSIONS.size(); v++) {
            ComponentVersion version = new ComponentVersion(COMPONENT, VERSIONS.get(v));
            boolean[] owned = runInstance(version, versions.get(v), events, published);
            for (int e = 0; e < events.size(); e++) {
                if (owned[e]) {
                    processedBy.computeIfAbsent(e, k -> new TreeSet<>()).add(version.version());
                }
            }
        }

        for (int e = 0; e < events.size(); e++) {
            Cohort cohort = COHORTS.get((int) events.get(e)[1]);
            Optional<ComponentVersion> expected = truth.owner(COMPONENT, cohort, T0.plusMillis(events.get(e)[0]));
            assertThat(expected).as("the initial default route makes every event routed").isPresent();
            assertThat(processedBy.getOrDefault(e, Set.of()))
                    .as("versions that processed event %d at %d ms of cohort %s", e, events.get(e)[0], cohort)
                    .containsExactly(expected.get().version());
        }
    }

    /**
     * Invariant 7 on top of invariant 1: without a route from the start (events older than every
     * route, some before the epoch of the test), and with routes that may all be removed, every event
     * is processed by exactly the one version the history names, or, when no route applies, dead-
     * lettered by exactly one version on behalf of none, and never both.
     */
    @Property(tries = 200)
    void everyEventEndsWithOneOwnerOrOneDeadLetterWhenRoutesStartLateOrAreAllRemoved(
            @ForAll("routes") List<RouteSpec> routes,
            @ForAll("ramps") List<RampSpec> ramps,
            @ForAll("channels") List<ChannelSpec> channels,
            @ForAll("versions") List<VersionSpec> versions,
            @ForAll("events") List<EventSpec> eventSpecs) {
        Assume.that(routes.stream().anyMatch(r -> !r.unset()));
        List<Published> published = publish(routes, channels, false);
        published.addAll(publishRamps(ramps));
        RouteHistory.Builder complete = RouteHistory.builder();
        published.forEach(p -> add(complete, p.change()));
        RouteHistory truth = complete.build();

        List<long[]> events = new ArrayList<>(); // {eventTime, cohortIndex}
        long time = -5_000; // older than every route: the first takes effect a margin after T0 at the earliest
        for (EventSpec spec : eventSpecs) {
            time += spec.gap() * 10L;
            events.add(new long[] {time, spec.cohort()});
        }

        Map<Integer, Set<String>> processedBy = new HashMap<>();
        Map<Integer, Set<String>> reportedBy = new HashMap<>();
        for (int v = 0; v < VERSIONS.size(); v++) {
            ComponentVersion version = new ComponentVersion(COMPONENT, VERSIONS.get(v));
            char[] verdicts = runAccountingInstance(version, versions.get(v), events, published);
            for (int e = 0; e < events.size(); e++) {
                if (verdicts[e] == 'P') {
                    processedBy.computeIfAbsent(e, k -> new TreeSet<>()).add(version.version());
                } else if (verdicts[e] == 'D') {
                    reportedBy.computeIfAbsent(e, k -> new TreeSet<>()).add(version.version());
                }
            }
        }

        for (int e = 0; e < events.size(); e++) {
            Cohort cohort = COHORTS.get((int) events.get(e)[1]);
            Instant at = T0.plusMillis(events.get(e)[0]);
            Optional<ComponentVersion> owner = truth.owner(COMPONENT, cohort, at);
            if (owner.isPresent()) {
                assertThat(processedBy.getOrDefault(e, Set.of())).as("processors of event %d at %d ms", e,
                        events.get(e)[0]).containsExactly(owner.get().version());
                assertThat(reportedBy.getOrDefault(e, Set.of())).isEmpty();
            } else {
                Optional<ComponentVersion> reporter = truth.unroutableReporter(COMPONENT, at);
                assertThat(reporter).as("some route led to a version before event %d", e).isPresent();
                assertThat(processedBy.getOrDefault(e, Set.of())).isEmpty();
                assertThat(reportedBy.getOrDefault(e, Set.of())).as("dead-letterers of unrouted event %d", e)
                        .containsExactly(reporter.get().version());
            }
        }
    }

    /**
     * A ramp of the default route from v1 to v2 on customer values, from 0 to 100% in growing steps
     * published at random times (each step a route change with its own publication delay and clock
     * skew), under random lags, stale route logs and crashes of every version's instance: every
     * event is processed by exactly the version the complete history names, and a customer, once
     * on v2, never has a later event processed by v1.
     */
    @Property(tries = 200)
    void aRampFromZeroToHundredPercentInStepsKeepsOneOwnerPerEventAndNeverMovesACustomerBack(
            @ForAll("rampSchedules") List<RampStep> steps,
            @ForAll("versions") List<VersionSpec> versions,
            @ForAll("rampEvents") List<EventSpec> eventSpecs) {
        List<Published> published = publish(List.of(), List.of(), true);
        for (RampStep step : steps) {
            Instant publishedAt = T0.plusMillis(step.publishAt() + step.skew());
            published.add(new Published(Changes.ramp(COMPONENT, "default", "v1", "v2", step.basisPoints(),
                    TIMING.earliestEffectiveFrom(publishedAt), publishedAt), step.publishAt() + step.delay()));
        }
        RouteHistory.Builder complete = RouteHistory.builder();
        published.forEach(p -> add(complete, p.change()));
        RouteHistory truth = complete.build();

        List<long[]> events = new ArrayList<>();
        long time = 0;
        for (EventSpec spec : eventSpecs) {
            time += spec.gap() * 50L; // spread over the schedule and past its last step
            events.add(new long[] {time, spec.cohort()});
        }

        Map<Integer, Set<String>> processedBy = new HashMap<>();
        for (int v = 0; v < VERSIONS.size(); v++) {
            ComponentVersion version = new ComponentVersion(COMPONENT, VERSIONS.get(v));
            char[] verdicts = runAccountingInstance(version, versions.get(v), events, published, RAMP_COHORTS);
            for (int e = 0; e < events.size(); e++) {
                if (verdicts[e] == 'P') {
                    processedBy.computeIfAbsent(e, k -> new TreeSet<>()).add(version.version());
                }
            }
        }

        Map<Cohort, String> lastOwner = new HashMap<>();
        for (int e = 0; e < events.size(); e++) {
            Cohort cohort = RAMP_COHORTS.get((int) events.get(e)[1]);
            String expected = truth.owner(COMPONENT, cohort, T0.plusMillis(events.get(e)[0])).orElseThrow().version();
            assertThat(processedBy.getOrDefault(e, Set.of()))
                    .as("versions that processed event %d at %d ms of %s", e, events.get(e)[0], cohort)
                    .containsExactly(expected);
            assertThat(lastOwner.get(cohort)).as("%s went back from v2 at event %d", cohort, e)
                    .satisfiesAnyOf(previous -> assertThat(previous).isNull(),
                            previous -> assertThat(previous).isEqualTo("v1"),
                            previous -> assertThat(expected).isEqualTo("v2"));
            lastOwner.put(cohort, expected);
        }
    }

    /**
     * Simulates one version's instance (lag, a lagging route log, clock skew, crashes that lose uncommitted
     * decisions); returns its committed verdict per event: {@code P} processed, {@code D} dead-lettered as
     * unroutable on behalf of none, {@code -} skipped.
     */
    private static char[] runAccountingInstance(ComponentVersion version, VersionSpec spec, List<long[]> events,
            List<Published> published) {
        return runAccountingInstance(version, spec, events, published, COHORTS);
    }

    private static char[] runAccountingInstance(ComponentVersion version, VersionSpec spec, List<long[]> events,
            List<Published> published, List<Cohort> cohorts) {
        Random random = new Random(spec.seed());
        char[] decided = new char[events.size()];
        int committed = 0;
        long now = 0;
        Set<Integer> crashes = new TreeSet<>(spec.crashes());
        int e = 0;
        while (e < events.size()) {
            long eventTime = events.get(e)[0];
            now = Math.max(now, eventTime + random.nextInt(spec.lag() + 1));
            Ownership ownership;
            RouteSnapshot snapshot;
            do {
                long observedAt = now - random.nextInt(spec.routeLogLag() + 1);
                snapshot = snapshotAt(observedAt, spec.clockSkew(), published);
                ownership = snapshot.decide(COMPONENT, cohorts.get((int) events.get(e)[1]), T0.plusMillis(eventTime));
                if (ownership instanceof Ownership.Undecided) {
                    now += 50 + random.nextInt(400); // the partition is paused and retried later
                }
            } while (ownership instanceof Ownership.Undecided);
            if (ownership.isOwnedBy(version)) {
                decided[e] = 'P';
            } else if (ownership instanceof Ownership.Unrouted && snapshot.history()
                    .unroutableReporter(COMPONENT, T0.plusMillis(eventTime)).filter(version::equals).isPresent()) {
                decided[e] = 'D';
            } else {
                decided[e] = '-';
            }
            e++;
            if (crashes.remove(e)) {
                e = committed; // uncommitted decisions are lost and redone after the restart
                now += random.nextInt(3000);
            } else if (e - committed >= spec.commitEvery() || e == events.size()) {
                committed = e;
            }
        }
        return decided;
    }

    /** Simulates one version's instance; returns, per event, whether its committed decision was "mine". */
    private static boolean[] runInstance(ComponentVersion version, VersionSpec spec, List<long[]> events,
            List<Published> published) {
        char[] verdicts = runAccountingInstance(version, spec, events, published);
        boolean[] decided = new boolean[verdicts.length];
        for (int e = 0; e < verdicts.length; e++) {
            decided[e] = verdicts[e] == 'P';
        }
        return decided;
    }

    private static RouteSnapshot snapshotAt(long observedAtTrue, int clockSkew, List<Published> published) {
        RouteHistory.Builder builder = RouteHistory.builder();
        for (Published p : published) {
            if (p.readableAt() <= observedAtTrue) {
                add(builder, p.change());
            }
        }
        Instant localClock = T0.plusMillis(observedAtTrue + clockSkew);
        return new RouteSnapshot(builder.build(), TIMING.horizon(localClock));
    }

    /**
     * @param baseline whether a default route exists from long before the events (and the default
     *     route is never removed); without it, routes start with the random ones and may all go
     */
    private static List<Published> publish(List<RouteSpec> routes, List<ChannelSpec> channels, boolean baseline) {
        List<Published> result = new ArrayList<>();
        Instant longAgo = T0.minusSeconds(3600);
        if (baseline) {
            result.add(new Published(Changes.set(COMPONENT, "default", "v1", longAgo, longAgo), Long.MIN_VALUE));
        }
        result.add(new Published(Changes.channel(COMPONENT, "stable", "v1", longAgo, longAgo), Long.MIN_VALUE));
        result.add(new Published(Changes.channel(COMPONENT, "beta", "v2", longAgo, longAgo), Long.MIN_VALUE));
        for (RouteSpec spec : routes) {
            Instant publishedAt = T0.plusMillis(spec.publishAt() + spec.skew());
            Instant effective = max(publishedAt.plusMillis(spec.requestedOffset()),
                    TIMING.earliestEffectiveFrom(publishedAt));
            String selector = SELECTORS.get(spec.selector());
            RouteChange change = spec.unset() && (!baseline || !selector.equals("default"))
                    ? Changes.unset(COMPONENT, selector, effective, publishedAt)
                    : Changes.route(COMPONENT, selector, RouteChangeKind.SET,
                            spec.toChannel() ? CHANNELS.get(spec.target() % CHANNELS.size()) : VERSIONS.get(spec.target()),
                            spec.toChannel() ? TargetKind.CHANNEL : TargetKind.VERSION, effective, null, publishedAt);
            result.add(new Published(change, spec.publishAt() + spec.delay()));
        }
        for (ChannelSpec spec : channels) {
            Instant publishedAt = T0.plusMillis(spec.publishAt() + spec.skew());
            Instant effective = max(publishedAt.plusMillis(spec.requestedOffset()),
                    TIMING.earliestEffectiveFrom(publishedAt));
            ChannelChange change = Changes.channel(COMPONENT, CHANNELS.get(spec.channel()),
                    VERSIONS.get(spec.version()), effective, publishedAt);
            result.add(new Published(change, spec.publishAt() + spec.delay()));
        }
        return result;
    }

    private static List<Published> publishRamps(List<RampSpec> ramps) {
        List<Published> result = new ArrayList<>();
        for (RampSpec spec : ramps) {
            Instant publishedAt = T0.plusMillis(spec.publishAt() + spec.skew());
            result.add(new Published(Changes.ramp(COMPONENT, SELECTORS.get(spec.selector()),
                    VERSIONS.get(spec.target()), VERSIONS.get(spec.rampTarget()), spec.basisPoints(),
                    TIMING.earliestEffectiveFrom(publishedAt), publishedAt), spec.publishAt() + spec.delay()));
        }
        return result;
    }

    private static void add(RouteHistory.Builder builder, Object change) {
        if (change instanceof RouteChange route) {
            builder.add(route);
        } else {
            builder.add((ChannelChange) change);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Arbitrary<Integer> skews() {
        return Arbitraries.integers().between(-100, 100); // any two clocks within maxClockSkew (200 ms)
    }

    @Provide
    Arbitrary<List<RouteSpec>> routes() {
        return Combinators.combine(Arbitraries.integers().between(0, 20_000),
                        Arbitraries.integers().between(0, SELECTORS.size() - 1), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), Arbitraries.integers().between(0, VERSIONS.size() - 1),
                        Arbitraries.integers().between(-3000, 3000), Arbitraries.integers().between(0, 200), skews())
                .as(RouteSpec::new).list().ofMaxSize(15);
    }

    @Provide
    Arbitrary<List<RampSpec>> ramps() {
        return Combinators.combine(Arbitraries.integers().between(0, 20_000),
                        Arbitraries.integers().between(0, SELECTORS.size() - 1),
                        Arbitraries.integers().between(0, VERSIONS.size() - 1),
                        Arbitraries.integers().between(0, VERSIONS.size() - 1),
                        Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 200), skews())
                .as(RampSpec::new).list().ofMaxSize(6);
    }

    /** One step of a ramp schedule: when it is published and the share it sets. */
    record RampStep(int publishAt, int basisPoints, int delay, int skew) {
    }

    @Provide
    Arbitrary<List<RampStep>> rampSchedules() {
        return Combinators.combine(Arbitraries.integers().between(0, 20_000),
                        Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 200), skews())
                .as(RampStep::new).list().ofMinSize(1).ofMaxSize(8).map(steps -> {
                    List<RampStep> sorted = new ArrayList<>(steps);
                    sorted.sort(java.util.Comparator.comparingInt(RampStep::publishAt));
                    List<RampStep> result = new ArrayList<>();
                    int points = 0;
                    for (RampStep step : sorted) { // growing shares, starting at 0 and ending at 100%
                        points = result.isEmpty() ? 0 : Math.max(points, step.basisPoints());
                        result.add(new RampStep(step.publishAt(), points, step.delay(), step.skew()));
                    }
                    RampStep last = sorted.get(sorted.size() - 1);
                    result.add(new RampStep(last.publishAt() + 1000, 10_000, last.delay(), last.skew()));
                    return result;
                });
    }

    @Provide
    Arbitrary<List<EventSpec>> rampEvents() {
        return Combinators.combine(Arbitraries.integers().between(0, 500),
                        Arbitraries.integers().between(0, RAMP_COHORTS.size() - 1))
                .as(EventSpec::new).list().ofMinSize(1).ofMaxSize(120);
    }

    @Provide
    Arbitrary<List<ChannelSpec>> channels() {
        return Combinators.combine(Arbitraries.integers().between(0, 20_000),
                        Arbitraries.integers().between(0, CHANNELS.size() - 1),
                        Arbitraries.integers().between(0, VERSIONS.size() - 1),
                        Arbitraries.integers().between(-3000, 3000), Arbitraries.integers().between(0, 200), skews())
                .as(ChannelSpec::new).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<VersionSpec>> versions() {
        return Combinators.combine(skews(), Arbitraries.integers().between(0, 5000),
                        Arbitraries.integers().between(0, 3000), Arbitraries.integers().between(1, 10),
                        Arbitraries.integers().between(1, 80).set().ofMaxSize(3), Arbitraries.longs())
                .as(VersionSpec::new).list().ofSize(VERSIONS.size());
    }

    @Provide
    Arbitrary<List<EventSpec>> events() {
        return Combinators.combine(Arbitraries.integers().between(0, 800),
                        Arbitraries.integers().between(0, COHORTS.size() - 1))
                .as(EventSpec::new).list().ofMinSize(1).ofMaxSize(80);
    }
}
