package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable histogram of durations in microseconds with logarithmic buckets (each about 5% wide),
 * so per-minute windows can be summed into 15-minute and hour views and still give a p99 within 5%.
 * Sparse: only buckets that were hit are stored.
 */
public final class DurationHistogram {

    private static final double BASE = Math.log(1.05);

    private final TreeMap<Integer, Long> buckets;

    public DurationHistogram() {
        this.buckets = new TreeMap<>();
    }

    @JsonCreator
    DurationHistogram(@JsonProperty("buckets") Map<Integer, Long> buckets) {
        this.buckets = buckets == null ? new TreeMap<>() : new TreeMap<>(buckets);
    }

    @JsonProperty("buckets")
    Map<Integer, Long> buckets() {
        return buckets;
    }

    /** Records one duration; negative durations count as zero. */
    public void record(long micros) {
        buckets.merge(bucketOf(micros), 1L, Long::sum);
    }

    /** Adds every count of {@code other} to this histogram. */
    public void merge(DurationHistogram other) {
        other.buckets.forEach((bucket, count) -> buckets.merge(bucket, count, Long::sum));
    }

    /** Total number of recorded durations. */
    public long count() {
        return buckets.values().stream().mapToLong(Long::longValue).sum();
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
        for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return upperBound(e.getKey());
            }
        }
        return upperBound(buckets.lastKey());
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
