package dev.rewind.engine.routing;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.OwnershipTimeFix;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route and channel history of all components, and the ownership function over it.
 *
 * <p>{@link #owner} is a pure function of the set of changes, the component, the cohort and the
 * event time: every instance of every version that has read the same changes gives the same
 * answer, whatever order it read them in. For an event at time {@code t}:
 * <ol>
 *   <li>A {@code REPLAY_OVERRIDE} whose selector matches the cohort and whose window
 *       {@code [effectiveFrom, effectiveTo)} contains {@code t} wins over every ordinary route; among
 *       several, the last published (then the greatest change id) wins. These are the only
 *       retroactive changes: a replay moves a cohort's window to a version and reprocesses it.</li>
 *   <li>Otherwise, for each selector matching the cohort, most specific first, the selector's
 *       latest change effective at or before {@code t} (ties: later {@code publishedAt}, then greater
 *       change id) applies if it is a {@code SET}; an {@code UNSET} removes the selector's route.</li>
 *   <li>A route with a {@linkplain RampedTarget ramp} sends the events whose value of the ramp's
 *       dimension the {@link dev.rewind.protocol.Ramp} admits (a stable hash of the value below the
 *       share) to the ramp's target, the others to its own target. A ramp change is an ordinary
 *       {@code SET} of the selector: it takes effect at its effective time like any route.</li>
 *   <li>A channel target resolves to the channel's latest version effective at or before {@code t}.
 *       A route whose channel has no version yet is skipped in favour of less specific routes.</li>
 * </ol>
 * where {@code t} is the event's {@linkplain #ownershipTime ownership time}: its event time, or the
 * component's first route's effective time for an event older than that.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class RouteHistory {

    private static final RouteHistory EMPTY = new RouteHistory(Map.of(), Map.of(), 0);

    private final Map<String, ComponentRoutes> components;
    private final Map<FixedOwnershipTime.SourcePosition, FixedOwnershipTime> fixes;
    private final int size;

    private RouteHistory(Map<String, ComponentRoutes> components,
            Map<FixedOwnershipTime.SourcePosition, FixedOwnershipTime> fixes, int size) {
        this.components = components;
        this.fixes = fixes;
        this.size = size;
    }

    /** The history without any change. */
    public static RouteHistory empty() {
        return EMPTY;
    }

    /** A builder for a history. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of distinct changes. */
    public int size() {
        return size;
    }

    /**
     * The version owning an event of {@code component} with this cohort and event time, or empty
     * if no route applies.
     */
    public Optional<ComponentVersion> owner(String component, Cohort cohort, Instant eventTime) {
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return Optional.empty();
        }
        return routes.owner(cohort, ownershipTime(component, eventTime))
                .map(version -> new ComponentVersion(component, version));
    }

    /**
     * When the component's first route ({@code SET}) takes effect; empty while it has none. Removals
     * before it and replay overrides do not count: neither leads an event anywhere by itself.
     */
    public Optional<Instant> firstRouteTime(String component) {
        ComponentRoutes routes = components.get(component);
        return routes == null ? Optional.empty() : routes.firstRoute();
    }

    /**
     * The time at which ownership of an event at {@code eventTime} is decided (the event-time rule):
     * the event time itself, but never earlier than the component's {@linkplain #firstRouteTime
     * first route}. An event older than every route (a topic's history when rewind is adopted, the
     * first events of a fresh stack, a timestamp of 1 ms after the epoch or a negative one) belongs
     * to the owner that the first routes name, instead of to nobody. No change published later can
     * move that time: every later change takes effect after the horizon, and the decision waits for
     * the horizon to pass this time.
     */
    public Instant ownershipTime(String component, Instant eventTime) {
        Optional<Instant> first = firstRouteTime(component);
        return first.isPresent() && eventTime.isBefore(first.get()) ? first.get() : eventTime;
    }

    /**
     * Every selector whose match with an event's cohort can decide its owner (route and replay
     * override selectors, at any time), when nothing else about the cohort can: then two cohorts whose
     * dimensions equal the same of these selectors' ids (or none) have the same {@link #owner} at every
     * time. Empty when a route carries a ramp, which admits events by a hash of a dimension's value.
     */
    public Optional<List<CohortSelector>> decidingSelectors(String component) {
        ComponentRoutes routes = components.get(component);
        return routes == null ? Optional.of(List.of()) : routes.decidingSelectors();
    }

    /**
     * The {@linkplain OwnershipSlice slice} of {@code component}'s events containing
     * {@code eventTime}: the longest interval around it in which no change takes effect, whether its
     * owner depends on the cohort, and who dead-letters the unroutable. Costs a scan of the
     * component's selectors; callers keep the slice while their events fall into it.
     */
    public OwnershipSlice slice(String component, Instant eventTime) {
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return new OwnershipSlice(this, component, Instant.MIN, Instant.MAX, true, Optional.empty(),
                    Optional.empty());
        }
        Instant at = ownershipTime(component, eventTime);
        Instant[] times = routes.changeTimes();
        int floor = ComponentRoutes.lastIndexAtOrBefore(times.length, i -> times[i], at);
        // every event before the first route is decided at the first route's time: one slice with it
        boolean firstRouteSlice = floor >= 0 && routes.firstRoute().filter(times[floor]::equals).isPresent();
        Instant from = floor < 0 || firstRouteSlice ? Instant.MIN : times[floor];
        Instant to = floor + 1 < times.length ? times[floor + 1] : Instant.MAX;
        boolean independent = routes.cohortIndependentAt(at);
        Optional<ComponentVersion> owner = independent
                ? routes.owner(Cohort.none(), at).map(version -> new ComponentVersion(component, version))
                : Optional.empty();
        return new OwnershipSlice(this, component, from, to, independent, owner,
                unroutableReporter(component, eventTime));
    }

    /**
     * The one version of {@code component} that dead-letters what no version owns at
     * {@code eventTime} (an event no route applies to, once every route was removed; a record that
     * is not an event at all): the version the component's latest {@code SET} route change effective
     * at the {@linkplain #ownershipTime ownership time} leads to, skipping changes whose channel has
     * no version then. A pure function of the history and the time, like {@link #owner}, so that
     * exactly one version writes the dead letter; empty when no route ever led to a version.
     */
    public Optional<ComponentVersion> unroutableReporter(String component, Instant eventTime) {
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return Optional.empty();
        }
        Instant at = ownershipTime(component, eventTime);
        List<RouteEntry> effective = new ArrayList<>();
        routes.routes().values().forEach(list -> list.stream()
                .filter(e -> e.kind() == RouteChangeKind.SET && !e.effectiveFrom().isAfter(at))
                .forEach(effective::add));
        effective.sort(RouteEntry.EFFECTIVE_ORDER.reversed());
        for (RouteEntry entry : effective) {
            Optional<String> version = routes.resolve(entry.target(), at);
            if (version.isPresent()) {
                return version.map(v -> new ComponentVersion(component, v));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the route that decides ownership of {@code cohort}'s events at {@code eventTime} (the
     * most specific one that leads to a version, replay overrides aside) carries a ramp with a
     * non-zero share: events sharing {@code cohort}'s dimensions but not its value of the ramp's
     * dimension may then have another owner. False when no route applies.
     */
    public boolean rampedAt(String component, Cohort cohort, Instant eventTime) {
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return false;
        }
        Instant at = ownershipTime(component, eventTime);
        for (CohortSelector selector : CohortSelector.matching(cohort)) {
            RouteEntry entry = ComponentRoutes.latestAt(routes.routes().get(selector), at);
            if (entry != null && entry.kind() == RouteChangeKind.SET
                    && routes.resolve(entry.targetFor(cohort), at).isPresent()) {
                return entry.ramp() != null && entry.ramp().ramp().basisPoints() > 0;
            }
        }
        return false;
    }

    /**
     * The ownership time fixed for the source record at {@code offset} of {@code partition}, if its
     * timestamp was implausibly far ahead when an instance read it ({@link EventTimeRule}); the first
     * fix in the topic's order, the same for every reader.
     */
    public Optional<FixedOwnershipTime> fixedOwnershipTime(org.apache.kafka.common.TopicPartition partition,
            long offset) {
        return fixes.isEmpty() ? Optional.empty()
                : Optional.ofNullable(fixes.get(new FixedOwnershipTime.SourcePosition(partition, offset)));
    }

    /** Every fixed ownership time, by source topic, partition and offset. */
    public List<FixedOwnershipTime> fixedOwnershipTimes() {
        List<FixedOwnershipTime> result = new ArrayList<>(fixes.values());
        result.sort(java.util.Comparator.comparing((FixedOwnershipTime f) -> f.partition().topic())
                .thenComparingInt(f -> f.partition().partition()).thenComparingLong(FixedOwnershipTime::offset));
        return result;
    }

    /** The version a channel of {@code component} points to at {@code time}, if any. */
    public Optional<ComponentVersion> channelVersion(String component, Channel channel, Instant time) {
        ComponentRoutes routes = components.get(component);
        return routes == null
                ? Optional.empty()
                : routes.channelVersion(channel, time).map(v -> new ComponentVersion(component, v));
    }

    /** The components with at least one route or channel change. */
    public java.util.Set<String> components() {
        return components.keySet();
    }

    /**
     * The route of each selector of {@code component} in force at {@code time}, removed routes left
     * out, sorted by selector; {@link Instant#MAX} gives the latest published routes, including
     * those not in effect yet. Replay overrides are not routes and are not listed.
     */
    public List<ActiveRoute> routesAt(String component, Instant time) {
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return List.of();
        }
        List<ActiveRoute> result = new ArrayList<>();
        routes.routes().forEach((selector, list) -> {
            RouteEntry entry = ComponentRoutes.latestAt(list, time);
            if (entry != null && entry.kind() == RouteChangeKind.SET) {
                result.add(new ActiveRoute(selector, entry.target(), entry.ramp(), entry.effectiveFrom(),
                        entry.changeId()));
            }
        });
        result.sort(java.util.Comparator.comparing(r -> r.selector().toString()));
        return List.copyOf(result);
    }

    /**
     * The version each channel of {@code component} points at {@code time}, sorted by channel;
     * {@link Instant#MAX} gives the latest published assignments.
     */
    public List<ChannelAssignment> channelsAt(String component, Instant time) {
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return List.of();
        }
        List<ChannelAssignment> result = new ArrayList<>();
        routes.channels().forEach((channel, list) -> {
            int index = ComponentRoutes.lastIndexAtOrBefore(list.size(), i -> list.get(i).effectiveFrom(), time);
            if (index >= 0) {
                ChannelEntry entry = list.get(index);
                result.add(new ChannelAssignment(channel, entry.version(), entry.effectiveFrom(), entry.changeId()));
            }
        });
        result.sort(java.util.Comparator.comparing(c -> c.channel().name()));
        return List.copyOf(result);
    }

    /** Every version that a route, replay override or channel of {@code component} names. */
    public java.util.Set<String> versionsNamed(String component) {
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return java.util.Set.of();
        }
        java.util.Set<String> result = new java.util.TreeSet<>();
        routes.routes().values().forEach(list -> list.forEach(e -> {
            addVersion(result, e.target());
            if (e.ramp() != null) {
                addVersion(result, e.ramp().target());
            }
        }));
        routes.overrides().forEach(e -> addVersion(result, e.target()));
        routes.channels().values().forEach(list -> list.forEach(e -> result.add(e.version())));
        return result;
    }

    /**
     * The times at which ownership of {@code component}'s events may change: the effective times of
     * every route and channel change and the bounds of every replay override, ascending.
     */
    public java.util.NavigableSet<Instant> changeTimes(String component) {
        java.util.NavigableSet<Instant> result = new java.util.TreeSet<>();
        ComponentRoutes routes = components.get(component);
        if (routes == null) {
            return result;
        }
        routes.routes().values().forEach(list -> list.forEach(e -> result.add(e.effectiveFrom())));
        routes.overrides().forEach(e -> {
            result.add(e.effectiveFrom());
            result.add(e.effectiveTo());
        });
        routes.channels().values().forEach(list -> list.forEach(e -> result.add(e.effectiveFrom())));
        return result;
    }

    private static void addVersion(java.util.Set<String> result, RouteTarget target) {
        if (target instanceof RouteTarget.ToVersion version) {
            result.add(version.version());
        }
    }

    @Override
    public String toString() {
        return "RouteHistory[" + size + " changes, components " + components.keySet() + "]";
    }

    /** The routes and channels of one component, sorted for lookup by time. */
    private record ComponentRoutes(
            Map<CohortSelector, List<RouteEntry>> routes,
            List<RouteEntry> overrides,
            Map<Channel, List<ChannelEntry>> channels,
            Map<CohortSelector.Kind, Map<String, List<RouteEntry>>> byKind,
            Optional<Instant> firstRoute,
            Instant[] changeTimes,
            Optional<List<CohortSelector>> decidingSelectors) {

        static ComponentRoutes of(Map<CohortSelector, List<RouteEntry>> routes, List<RouteEntry> overrides,
                                  Map<Channel, List<ChannelEntry>> channels) {
            Map<CohortSelector.Kind, Map<String, List<RouteEntry>>> byKind = new java.util.EnumMap<>(
                    CohortSelector.Kind.class);
            routes.forEach((selector, list) -> byKind.computeIfAbsent(selector.kind(), k -> new HashMap<>())
                    .put(selector.id() == null ? "" : selector.id(), list));
            Optional<Instant> first = routes.values().stream().flatMap(List::stream)
                    .filter(entry -> entry.kind() == RouteChangeKind.SET)
                    .map(RouteEntry::effectiveFrom).min(Instant::compareTo);
            java.util.TreeSet<Instant> times = new java.util.TreeSet<>();
            routes.values().forEach(list -> list.forEach(e -> times.add(e.effectiveFrom())));
            overrides.forEach(e -> {
                times.add(e.effectiveFrom());
                times.add(e.effectiveTo());
            });
            channels.values().forEach(list -> list.forEach(e -> times.add(e.effectiveFrom())));
            boolean ramped = routes.values().stream().flatMap(List::stream).anyMatch(entry -> entry.ramp() != null);
            List<CohortSelector> deciding = new ArrayList<>(routes.keySet());
            overrides.forEach(entry -> deciding.add(entry.selector()));
            return new ComponentRoutes(routes, overrides, channels, byKind, first, times.toArray(new Instant[0]),
                    ramped ? Optional.empty() : Optional.of(List.copyOf(deciding)));
        }

        /** The routes of one selector, found without building (and validating) a selector per event. */
        List<RouteEntry> routesOf(CohortSelector.Kind kind, Optional<String> id) {
            Map<String, List<RouteEntry>> ofKind = byKind.get(kind);
            return ofKind == null || id.isEmpty() ? null : ofKind.get(id.get());
        }

        /** Whether no override covers {@code time} and no selector other than {@code default} has a route then. */
        boolean cohortIndependentAt(Instant time) {
            for (RouteEntry entry : overrides) {
                if (entry.covers(time)) {
                    return false;
                }
            }
            for (Map.Entry<CohortSelector, List<RouteEntry>> entry : routes.entrySet()) {
                RouteEntry latest = latestAt(entry.getValue(), time);
                if (latest != null && latest.kind() == RouteChangeKind.SET
                        && (entry.getKey().kind() != CohortSelector.Kind.DEFAULT || latest.ramp() != null)) {
                    // a selector's route, or a ramp of the default route, depends on the cohort
                    return false;
                }
            }
            return true;
        }

        Optional<String> owner(Cohort cohort, Instant time) {
            RouteEntry override = null;
            for (RouteEntry entry : overrides) {
                if (entry.covers(time) && entry.selector().matches(cohort)
                        && (override == null || RouteEntry.PUBLICATION_ORDER.compare(entry, override) > 0)) {
                    override = entry;
                }
            }
            if (override != null) {
                Optional<String> resolved = resolve(override.target(), time);
                if (resolved.isPresent()) {
                    return resolved;
                }
            }
            // most specific first, as CohortSelector.matching orders them; a value outside the
            // grammar is named by no selector, so its lookup finds nothing
            Optional<String> resolved = routed(routesOf(CohortSelector.Kind.PROJECT, cohort.project()), cohort, time);
            if (resolved.isEmpty()) {
                resolved = routed(routesOf(CohortSelector.Kind.CUSTOMER, cohort.customer()), cohort, time);
            }
            if (resolved.isEmpty()) {
                resolved = routed(routesOf(CohortSelector.Kind.PLAN, cohort.plan()), cohort, time);
            }
            if (resolved.isEmpty()) {
                resolved = routed(routes.get(CohortSelector.DEFAULT), cohort, time);
            }
            return resolved;
        }

        private Optional<String> routed(List<RouteEntry> list, Cohort cohort, Instant time) {
            RouteEntry entry = latestAt(list, time);
            return entry != null && entry.kind() == RouteChangeKind.SET ? resolve(entry.targetFor(cohort), time)
                    : Optional.empty();
        }

        Optional<String> resolve(RouteTarget target, Instant time) {
            if (target instanceof RouteTarget.ToChannel toChannel) {
                return channelVersion(toChannel.channel(), time);
            }
            return Optional.of(((RouteTarget.ToVersion) target).version());
        }

        Optional<String> channelVersion(Channel channel, Instant time) {
            List<ChannelEntry> list = channels.get(channel);
            if (list == null) {
                return Optional.empty();
            }
            int index = lastIndexAtOrBefore(list.size(), i -> list.get(i).effectiveFrom(), time);
            return index < 0 ? Optional.empty() : Optional.of(list.get(index).version());
        }

        static RouteEntry latestAt(List<RouteEntry> list, Instant time) {
            if (list == null) {
                return null;
            }
            int index = lastIndexAtOrBefore(list.size(), i -> list.get(i).effectiveFrom(), time);
            return index < 0 ? null : list.get(index);
        }

        /** Binary search in a list sorted by effective time: the last index with time <= {@code t}. */
        static int lastIndexAtOrBefore(int size, java.util.function.IntFunction<Instant> at, Instant t) {
            int low = 0;
            int high = size - 1;
            int found = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (at.apply(mid).isAfter(t)) {
                    high = mid - 1;
                } else {
                    found = mid;
                    low = mid + 1;
                }
            }
            return found;
        }
    }

    /**
     * Collects changes; a change id seen again replaces the earlier record (a republished change).
     * Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Map<String, RouteEntry>> routes = new HashMap<>();
        private final Map<String, Map<String, ChannelEntry>> channels = new HashMap<>();
        private final Map<FixedOwnershipTime.SourcePosition, FixedOwnershipTime> fixes = new HashMap<>();

        private Builder() {
        }

        /**
         * Adds an ownership-time fix; a later fix of the same record is ignored, so that the first in
         * the topic's order wins for every reader (add fixes in the topic's order).
         *
         * @throws IllegalArgumentException if the fix is invalid (the builder is unchanged)
         */
        public Builder add(OwnershipTimeFix fix) {
            FixedOwnershipTime fixed = FixedOwnershipTime.of(fix);
            fixes.putIfAbsent(fixed.position(), fixed);
            return this;
        }

        /**
         * Adds a route change.
         *
         * @throws IllegalArgumentException if the change is invalid (the builder is unchanged)
         */
        public Builder add(RouteChange change) {
            RouteEntry entry = RouteEntry.of(change);
            routes.computeIfAbsent(change.getComponent(), c -> new LinkedHashMap<>()).put(entry.changeId(), entry);
            return this;
        }

        /**
         * Adds a channel change.
         *
         * @throws IllegalArgumentException if the change is invalid (the builder is unchanged)
         */
        public Builder add(ChannelChange change) {
            ChannelEntry entry = ChannelEntry.of(change);
            channels.computeIfAbsent(change.getComponent(), c -> new LinkedHashMap<>()).put(entry.changeId(), entry);
            return this;
        }

        /** An immutable history of the changes added so far; the builder stays usable. */
        public RouteHistory build() {
            Map<String, ComponentRoutes> result = new HashMap<>();
            int size = 0;
            java.util.Set<String> names = new java.util.HashSet<>(routes.keySet());
            names.addAll(channels.keySet());
            for (String component : names) {
                Map<CohortSelector, List<RouteEntry>> bySelector = new HashMap<>();
                List<RouteEntry> overrides = new ArrayList<>();
                for (RouteEntry entry : routes.getOrDefault(component, Map.of()).values()) {
                    if (entry.kind() == RouteChangeKind.REPLAY_OVERRIDE) {
                        overrides.add(entry);
                    } else {
                        bySelector.computeIfAbsent(entry.selector(), s -> new ArrayList<>()).add(entry);
                    }
                    size++;
                }
                bySelector.replaceAll((selector, list) -> sorted(list, RouteEntry.EFFECTIVE_ORDER));
                Map<Channel, List<ChannelEntry>> byChannel = new HashMap<>();
                for (ChannelEntry entry : channels.getOrDefault(component, Map.of()).values()) {
                    byChannel.computeIfAbsent(entry.channel(), c -> new ArrayList<>()).add(entry);
                    size++;
                }
                byChannel.replaceAll((channel, list) -> sorted(list, ChannelEntry.EFFECTIVE_ORDER));
                result.put(component, ComponentRoutes.of(Map.copyOf(bySelector), List.copyOf(overrides),
                        Map.copyOf(byChannel)));
            }
            return new RouteHistory(Map.copyOf(result), Map.copyOf(fixes), size);
        }

        private static <T> List<T> sorted(List<T> list, java.util.Comparator<T> order) {
            List<T> copy = new ArrayList<>(list);
            copy.sort(order);
            return Collections.unmodifiableList(copy);
        }
    }
}
