package dev.rewind.engine.routing;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.OwnershipTimeFix;
import dev.rewind.schemas.avro.RouteChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

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
        return routes == null ? Optional.empty()
                : routes.unroutableReporter(ownershipTime(component, eventTime))
                        .map(v -> new ComponentVersion(component, v));
    }

    /**
     * Whether the route that decides ownership of {@code cohort}'s events at {@code eventTime} (the
     * most specific one that leads to a version, replay overrides aside) carries a ramp with a
     * non-zero share: events sharing {@code cohort}'s dimensions but not its value of the ramp's
     * dimension may then have another owner. False when no route applies.
     */
    public boolean rampedAt(String component, Cohort cohort, Instant eventTime) {
        ComponentRoutes routes = components.get(component);
        return routes != null && routes.rampedAt(cohort, ownershipTime(component, eventTime));
    }

    /**
     * The ownership time fixed for the source record at {@code offset} of {@code partition}, if its
     * timestamp was implausibly far ahead when an instance read it ({@link EventTimeRule}); the first
     * fix in the topic's order, the same for every reader.
     */
    public Optional<FixedOwnershipTime> fixedOwnershipTime(TopicPartition partition, long offset) {
        return fixes.isEmpty() ? Optional.empty()
                : Optional.ofNullable(fixes.get(new FixedOwnershipTime.SourcePosition(partition, offset)));
    }

    /** Every fixed ownership time, by source topic, partition and offset. */
    public List<FixedOwnershipTime> fixedOwnershipTimes() {
        List<FixedOwnershipTime> result = new ArrayList<>(fixes.values());
        result.sort(Comparator.comparing((FixedOwnershipTime f) -> f.partition().topic())
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
    public Set<String> components() {
        return components.keySet();
    }

    /**
     * The route of each selector of {@code component} in force at {@code time}, removed routes left
     * out, sorted by selector; {@link Instant#MAX} gives the latest published routes, including
     * those not in effect yet. Replay overrides are not routes and are not listed.
     */
    public List<ActiveRoute> routesAt(String component, Instant time) {
        ComponentRoutes routes = components.get(component);
        return routes == null ? List.of() : routes.routesAt(time);
    }

    /**
     * The version each channel of {@code component} points at {@code time}, sorted by channel;
     * {@link Instant#MAX} gives the latest published assignments.
     */
    public List<ChannelAssignment> channelsAt(String component, Instant time) {
        ComponentRoutes routes = components.get(component);
        return routes == null ? List.of() : routes.channelsAt(time);
    }

    /** Every version that a route, replay override or channel of {@code component} names. */
    public Set<String> versionsNamed(String component) {
        ComponentRoutes routes = components.get(component);
        return routes == null ? Set.of() : routes.versionsNamed();
    }

    /**
     * When the route change {@code changeId} of {@code component} (a route or a replay override) takes
     * effect, if this history holds it: lets a publisher that derives its change ids find a change it
     * published before a restart.
     */
    public Optional<Instant> changeEffectiveFrom(String component, String changeId) {
        ComponentRoutes routes = components.get(component);
        return routes == null ? Optional.empty() : routes.changeEffectiveFrom(changeId);
    }

    /**
     * The times at which ownership of {@code component}'s events may change: the effective times of
     * every route and channel change and the bounds of every replay override, ascending.
     */
    public NavigableSet<Instant> changeTimes(String component) {
        ComponentRoutes routes = components.get(component);
        return routes == null ? new TreeSet<>() : routes.changeTimeSet();
    }

    @Override
    public String toString() {
        return "RouteHistory[" + size + " changes, components " + components.keySet() + "]";
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
            Set<String> names = new HashSet<>(routes.keySet());
            names.addAll(channels.keySet());
            for (String component : names) {
                Collection<RouteEntry> routeChanges = routes.getOrDefault(component, Map.of()).values();
                Collection<ChannelEntry> channelChanges = channels.getOrDefault(component, Map.of()).values();
                result.put(component, ComponentRoutes.of(routeChanges, channelChanges));
                size += routeChanges.size() + channelChanges.size();
            }
            return new RouteHistory(Map.copyOf(result), Map.copyOf(fixes), size);
        }
    }
}
