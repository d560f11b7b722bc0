package dev.rewind.replaytool.history.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The newest entries of one cohort key in a time range, from one source partition, one instance,
 * or all of them merged.
 *
 * <p>A slice is complete down to its oldest entry: when it was cut after {@code max} entries, the
 * entries at the oldest time it holds are all there ({@code truncated} then says older ones
 * exist). Merging slices keeps only what every slice is complete for, so a listing that merges the
 * partitions of several instances pages exactly like one store would.
 *
 * @param entries   newest first ({@link CohortEntry#NEWEST_FIRST})
 * @param truncated true when older entries in the range were left out
 */
public record CohortSlice(List<CohortEntry> entries, boolean truncated) {

    public CohortSlice {
        entries = List.copyOf(entries);
        Objects.requireNonNull(entries, "entries");
    }

    /** No entries. */
    public static final CohortSlice EMPTY = new CohortSlice(List.of(), false);

    /**
     * The newest entries of {@code key} with event time in {@code [from, upper]} from one
     * partition's store: {@code max} of them, plus the rest of those at the oldest time taken.
     */
    public static CohortSlice read(ReadOnlyWindowStore<String, String> store, int partition, String key, long from,
                                   long upper, int max) {
        try (WindowStoreIterator<String> it = store.backwardFetch(key, Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(upper))) {
            return cut(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public CohortEntry next() {
                    KeyValue<Long, String> next = it.next();
                    return new CohortEntry(next.key, next.value, partition, null);
                }
            }, max);
        }
    }

    /** The first {@code max} entries of a newest-first iteration, plus the rest at the last time taken. */
    static CohortSlice cut(Iterator<CohortEntry> newestFirst, int max) {
        List<CohortEntry> taken = new ArrayList<>();
        while (newestFirst.hasNext()) {
            CohortEntry next = newestFirst.next();
            if (taken.size() >= max && next.timestamp() != taken.get(taken.size() - 1).timestamp()) {
                return new CohortSlice(sorted(taken), true);
            }
            taken.add(next);
        }
        return new CohortSlice(sorted(taken), false);
    }

    /**
     * Merges slices of disjoint sources into one complete slice of at most about {@code max}
     * entries: entries older than the oldest time a truncated part reached are dropped (another
     * part may hold entries older than that which are not here), then the result is cut like
     * {@link #read}.
     */
    public static CohortSlice merge(List<CohortSlice> parts, int max) {
        long horizon = Long.MIN_VALUE;
        boolean truncated = false;
        List<CohortEntry> all = new ArrayList<>();
        for (CohortSlice part : parts) {
            all.addAll(part.entries);
            if (part.truncated) {
                truncated = true;
                horizon = Math.max(horizon, part.oldest());
            }
        }
        all.sort(CohortEntry.NEWEST_FIRST);
        List<CohortEntry> kept = new ArrayList<>(Math.min(all.size(), max + 16));
        for (CohortEntry entry : all) {
            if (entry.timestamp() < horizon
                    || kept.size() >= max && entry.timestamp() != kept.get(kept.size() - 1).timestamp()) {
                return new CohortSlice(kept, true);
            }
            kept.add(entry);
        }
        return new CohortSlice(kept, truncated);
    }

    private long oldest() {
        // a truncated slice holds at least one entry: it was cut after taking max >= 1 of them
        return entries.get(entries.size() - 1).timestamp();
    }

    private static List<CohortEntry> sorted(List<CohortEntry> entries) {
        entries.sort(CohortEntry.NEWEST_FIRST);
        return entries;
    }
}
