package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable histogram of durations in microseconds with logarithmic buckets (each about 5% wide),
 * so per-minute windows can be summed into 15-minute and hour views and still give a p99 within 5%.
 *
 * <p>Held as the counts of the contiguous buckets from the lowest to the highest one hit (at most
 * {@value #MAX_BUCKETS} buckets cover every {@code long} of microseconds), so recording, merging and
 * the store's compact format ({@link StoreFormat}) touch an array rather than a sorted map.
 */
public final class DurationHistogram {

    /** Buckets 0 to 896 cover 0 to {@link Long#MAX_VALUE} microseconds. */
    static final int MAX_BUCKETS = 897;

    private static final double BASE = Math.log(1.05);
    private static final long[] NONE = new long[0];

    private int first;
    private long[] counts;

    public DurationHistogram() {
        this(0, NONE);
    }

    /**
     * The histogram whose bucket {@code first + i} holds {@code counts[i]}.
     *
     * @throws IllegalArgumentException when the buckets fall outside 0 to {@value #MAX_BUCKETS} - 1 or a count
     *                                  is negative
     */
    DurationHistogram(int first, long[] counts) {
        if (first < 0 || counts.length > MAX_BUCKETS - first) {
            throw new IllegalArgumentException("buckets " + first + " to " + (first + counts.length - 1)
                    + " outside 0 to " + (MAX_BUCKETS - 1));
        }
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("a negative bucket count: " + count);
            }
        }
        this.first = first;
        this.counts = counts;
    }

    /** The format-1 store layout (JSON): the counts of the buckets hit, by bucket. */
    @JsonCreator
    static DurationHistogram fromBuckets(@JsonProperty("buckets") Map<Integer, Long> buckets) {
        DurationHistogram histogram = new DurationHistogram();
        if (buckets != null) {
            buckets.forEach((bucket, count) -> histogram.add(bucket, count));
        }
        return histogram;
    }

    @JsonProperty("buckets")
    Map<Integer, Long> buckets() {
        Map<Integer, Long> hit = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                hit.put(first + i, counts[i]);
            }
        }
        return hit;
    }

    /** The lowest bucket held (meaningless when {@link #counts()} is empty). */
    int first() {
        return first;
    }

    /** The counts of buckets {@link #first()} onwards; not a copy. */
    long[] counts() {
        return counts;
    }

    /** Records one duration; negative durations count as zero. */
    public void record(long micros) {
        add(bucketOf(micros), 1);
    }

    /** Adds every count of {@code other} to this histogram. */
    public void merge(DurationHistogram other) {
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] != 0) {
                add(other.first + i, other.counts[i]);
            }
        }
    }

    /** Total number of recorded durations. */
    public long count() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /**
     * The {@code q}-quantile (0 < q <= 1) as the upper bound of the bucket that holds it, in
     * microseconds; 0 when empty.
     */
    public long quantile(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        int last = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            last = first + i;
            seen += counts[i];
            if (seen >= rank) {
                return upperBound(last);
            }
        }
        return upperBound(last);
    }

    private void add(int bucket, long count) {
        if (bucket < 0 || bucket >= MAX_BUCKETS) {
            throw new IllegalArgumentException("bucket " + bucket + " outside 0 to " + (MAX_BUCKETS - 1));
        }
        if (counts.length == 0) {
            first = bucket;
            counts = new long[] {count};
            return;
        }
        if (bucket < first) {
            long[] grown = new long[counts.length + (first - bucket)];
            System.arraycopy(counts, 0, grown, first - bucket, counts.length);
            counts = grown;
            first = bucket;
        } else if (bucket >= first + counts.length) {
            counts = Arrays.copyOf(counts, bucket - first + 1);
        }
        counts[bucket - first] += count;
    }

    static int bucketOf(long micros) {
        if (micros <= 1) {
            return 0;
        }
        return (int) Math.ceil(Math.log(micros) / BASE);
    }

    static long upperBound(int bucket) {
        return bucket == 0 ? 1 : (long) Math.floor(Math.exp(bucket * BASE));
    }
}
