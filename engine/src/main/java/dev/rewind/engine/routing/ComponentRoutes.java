package dev.rewind.engine.routing;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.RouteChangeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The routes, replay overrides and channels of one component, sorted for lookup by time: what
 * {@link RouteHistory} answers from for that component. Versions are plain names here; the history
 * pairs them with the component. Immutable.
 */
record ComponentRoutes(
        Map<CohortSelector, List<RouteEntry>> routes,
        List<RouteEntry> overrides,
        Map<Channel, List<ChannelEntry>> channels,
        Map<CohortSelector.Kind, Map<String, List<RouteEntry>>> byKind,
        Optional<Instant> firstRoute,
        Instant[] changeTimes,
        Optional<List<CohortSelector>> decidingSelectors) {

    /**
     * Groups one component's distinct changes: replay overrides apart, routes by selector and channel
     * changes by channel, each list sorted by effective time.
     */
    static ComponentRoutes of(Collection<RouteEntry> routeChanges, Collection<ChannelEntry> channelChanges) {
        Map<CohortSelector, List<RouteEntry>> bySelector = new HashMap<>();
        List<RouteEntry> overrides = new ArrayList<>();
        for (RouteEntry entry : routeChanges) {
            if (entry.kind() == RouteChangeKind.REPLAY_OVERRIDE) {
                overrides.add(entry);
            } else {
                bySelector.computeIfAbsent(entry.selector(), s -> new ArrayList<>()).add(entry);
            }
        }
        bySelector.replaceAll((selector, list) -> sorted(list, RouteEntry.EFFECTIVE_ORDER));
        Map<Channel, List<ChannelEntry>> byChannel = new HashMap<>();
        for (ChannelEntry entry : channelChanges) {
            byChannel.computeIfAbsent(entry.channel(), c -> new ArrayList<>()).add(entry);
        }
        byChannel.replaceAll((channel, list) -> sorted(list, ChannelEntry.EFFECTIVE_ORDER));
        return of(Map.copyOf(bySelector), List.copyOf(overrides), Map.copyOf(byChannel));
    }

    private static ComponentRoutes of(Map<CohortSelector, List<RouteEntry>> routes, List<RouteEntry> overrides,
            Map<Channel, List<ChannelEntry>> channels) {
        Map<CohortSelector.Kind, Map<String, List<RouteEntry>>> byKind = new EnumMap<>(CohortSelector.Kind.class);
        routes.forEach((selector, list) -> byKind.computeIfAbsent(selector.kind(), k -> new HashMap<>())
                .put(selector.id() == null ? "" : selector.id(), list));
        Optional<Instant> first = routes.values().stream().flatMap(List::stream)
                .filter(entry -> entry.kind() == RouteChangeKind.SET)
                .map(RouteEntry::effectiveFrom).min(Instant::compareTo);
        TreeSet<Instant> times = new TreeSet<>();
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

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        List<T> copy = new ArrayList<>(list);
        copy.sort(order);
        return Collections.unmodifiableList(copy);
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

    /**
     * The version the latest {@code SET} effective at {@code at} leads to, skipping changes whose
     * channel has no version then ({@link RouteHistory#unroutableReporter}).
     */
    Optional<String> unroutableReporter(Instant at) {
        List<RouteEntry> effective = new ArrayList<>();
        routes.values().forEach(list -> list.stream()
                .filter(e -> e.kind() == RouteChangeKind.SET && !e.effectiveFrom().isAfter(at))
                .forEach(effective::add));
        effective.sort(RouteEntry.EFFECTIVE_ORDER.reversed());
        for (RouteEntry entry : effective) {
            Optional<String> version = resolve(entry.target(), at);
            if (version.isPresent()) {
                return version;
            }
        }
        return Optional.empty();
    }

    /** Whether the route deciding {@code cohort}'s owner at {@code at} ramps ({@link RouteHistory#rampedAt}). */
    boolean rampedAt(Cohort cohort, Instant at) {
        for (CohortSelector selector : CohortSelector.matching(cohort)) {
            RouteEntry entry = latestAt(routes.get(selector), at);
            if (entry != null && entry.kind() == RouteChangeKind.SET
                    && resolve(entry.targetFor(cohort), at).isPresent()) {
                return entry.ramp() != null && entry.ramp().ramp().basisPoints() > 0;
            }
        }
        return false;
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

    /** The route of each selector in force at {@code time}, removed routes left out, sorted by selector. */
    List<ActiveRoute> routesAt(Instant time) {
        List<ActiveRoute> result = new ArrayList<>();
        routes.forEach((selector, list) -> {
            RouteEntry entry = latestAt(list, time);
            if (entry != null && entry.kind() == RouteChangeKind.SET) {
                result.add(new ActiveRoute(selector, entry.target(), entry.ramp(), entry.effectiveFrom(),
                        entry.changeId()));
            }
        });
        result.sort(Comparator.comparing(r -> r.selector().toString()));
        return List.copyOf(result);
    }

    /** The version each channel points at {@code time}, sorted by channel. */
    List<ChannelAssignment> channelsAt(Instant time) {
        List<ChannelAssignment> result = new ArrayList<>();
        channels.forEach((channel, list) -> {
            int index = lastIndexAtOrBefore(list.size(), i -> list.get(i).effectiveFrom(), time);
            if (index >= 0) {
                ChannelEntry entry = list.get(index);
                result.add(new ChannelAssignment(channel, entry.version(), entry.effectiveFrom(), entry.changeId()));
            }
        });
        result.sort(Comparator.comparing(c -> c.channel().name()));
        return List.copyOf(result);
    }

    /** Every version that a route, replay override or channel names. */
    Set<String> versionsNamed() {
        Set<String> result = new TreeSet<>();
        routes.values().forEach(list -> list.forEach(e -> {
            addVersion(result, e.target());
            if (e.ramp() != null) {
                addVersion(result, e.ramp().target());
            }
        }));
        overrides.forEach(e -> addVersion(result, e.target()));
        channels.values().forEach(list -> list.forEach(e -> result.add(e.version())));
        return result;
    }

    private static void addVersion(Set<String> result, RouteTarget target) {
        if (target instanceof RouteTarget.ToVersion version) {
            result.add(version.version());
        }
    }

    /** When the route change or replay override {@code changeId} takes effect, if there is one. */
    Optional<Instant> changeEffectiveFrom(String changeId) {
        return Stream.concat(routes.values().stream().flatMap(List::stream), overrides.stream())
                .filter(entry -> entry.changeId().equals(changeId)).map(RouteEntry::effectiveFrom).findFirst();
    }

    /** The times at which ownership may change, ascending, as a new mutable set. */
    NavigableSet<Instant> changeTimeSet() {
        return new TreeSet<>(Arrays.asList(changeTimes));
    }

    static RouteEntry latestAt(List<RouteEntry> list, Instant time) {
        if (list == null) {
            return null;
        }
        int index = lastIndexAtOrBefore(list.size(), i -> list.get(i).effectiveFrom(), time);
        return index < 0 ? null : list.get(index);
    }

    /** Binary search in a list sorted by effective time: the last index with time <= {@code t}. */
    static int lastIndexAtOrBefore(int size, IntFunction<Instant> at, Instant t) {
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
