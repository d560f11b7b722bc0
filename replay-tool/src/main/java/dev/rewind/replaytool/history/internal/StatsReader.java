package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.CohortDimension;
import dev.rewind.replaytool.history.OutcomeSummary;
import dev.rewind.replaytool.history.StatsWindow;
import dev.rewind.replaytool.history.VersionStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** Sums the per-minute statistics windows of a component into per-version views. */
public final class StatsReader {

    private final ReadOnlyWindowStore<String, OutcomeStats> store;

    public StatsReader(ReadOnlyWindowStore<String, OutcomeStats> store) {
        this.store = store;
    }

    /**
     * The versions of {@code component} with outcomes in the last {@code window} complete minute
     * windows before {@code now} plus the current, partial one, optionally sliced by {@code by}.
     * Throughput divides by the time those windows cover (between n and n+1 minutes), so it is
     * neither inflated at the start of a minute nor diluted at its end.
     */
    public List<VersionStats> versions(String component, StatsWindow window, CohortDimension by, Instant now) {
        long minute = HistoryTopology.STATS_WINDOW.toMillis();
        Instant from = Instant.ofEpochMilli(now.toEpochMilli() / minute * minute).minus(window.duration());
        return versions(component, window, from, now, by);
    }

    /**
     * The versions of {@code component} with outcomes in the one-minute windows that overlap
     * {@code [from, to]}, optionally sliced by {@code by}: a span shorter than a minute gets the whole
     * minutes around it (the statistics' resolution).
     */
    public List<VersionStats> versions(String component, Instant from, Instant to, CohortDimension by) {
        long minute = HistoryTopology.STATS_WINDOW.toMillis();
        return versions(component, null, Instant.ofEpochMilli(from.toEpochMilli() / minute * minute), to, by);
    }

    private List<VersionStats> versions(String component, StatsWindow window, Instant from, Instant now,
            CohortDimension by) {
        Map<String, OutcomeStats> totals = new TreeMap<>();
        Map<String, Map<String, OutcomeStats>> slices = new TreeMap<>();
        Duration covered = Duration.between(from, now);
        try (KeyValueIterator<Windowed<String>, OutcomeStats> it = store.fetch(StatsKey.rangeStart(component),
                StatsKey.rangeEnd(component), from, now)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, OutcomeStats> entry = it.next();
                StatsKey key = StatsKey.decode(entry.key.key());
                if (!key.component().equals(component)) {
                    continue;
                }
                if (key.slice() == null) {
                    totals.computeIfAbsent(key.version(), v -> new OutcomeStats()).merge(entry.value);
                } else if (key.slice().dimension() == by) {
                    slices.computeIfAbsent(key.version(), v -> new TreeMap<>())
                            .computeIfAbsent(key.slice().toString(), s -> new OutcomeStats()).merge(entry.value);
                }
            }
        }
        return totals.entrySet().stream().map(e -> {
            Map<String, OutcomeSummary> byCohort = new TreeMap<>();
            slices.getOrDefault(e.getKey(), Map.of()).forEach((slice, stats) ->
                    byCohort.put(slice, summary(stats, covered)));
            return new VersionStats(component, e.getKey(), window, summary(e.getValue(), covered), byCohort);
        }).toList();
    }

    /** Every component with statistics in the store's retention. */
    public Set<String> components() {
        Set<String> components = new TreeSet<>();
        try (KeyValueIterator<Windowed<String>, OutcomeStats> it = store.all()) {
            while (it.hasNext()) {
                components.add(StatsKey.componentOf(it.next().key.key()));
            }
        }
        return components;
    }

    static OutcomeSummary summary(OutcomeStats stats, Duration covered) {
        return new OutcomeSummary(stats.count(), stats.errors(), stats.errorRate(),
                stats.count() * 1000.0 / Math.max(1, covered.toMillis()),
                Duration.ofNanos(stats.durations().quantile(0.99) * 1000));
    }
}
