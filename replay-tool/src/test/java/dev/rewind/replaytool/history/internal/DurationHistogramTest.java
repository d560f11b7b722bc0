package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {

    @Test
    void recordingAndMergingGiveTheBucketsAndQuantilesOfASortedMapOfBuckets() {
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            DurationHistogram left = new DurationHistogram();
            DurationHistogram right = new DurationHistogram();
            TreeMap<Integer, Long> expected = new TreeMap<>();
            int n = random.nextInt(300);
            for (int i = 0; i < n; i++) {
                long micros = durationOf(random);
                (random.nextBoolean() ? left : right).record(micros);
                expected.merge(DurationHistogram.bucketOf(micros), 1L, Long::sum);
            }
            left.merge(right);

            assertThat(left.buckets()).isEqualTo(expected);
            assertThat(left.count()).isEqualTo(n);
            for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 1.0}) {
                assertThat(left.quantile(q)).as("q %s of %s", q, expected).isEqualTo(quantileOf(expected, q));
            }
        }
    }

    @Test
    void theLongestDurationsFitTheLastBucket() {
        DurationHistogram histogram = new DurationHistogram();
        histogram.record(Long.MAX_VALUE);
        histogram.record(-5);

        assertThat(histogram.buckets()).containsOnlyKeys(0, DurationHistogram.bucketOf(Long.MAX_VALUE));
        assertThat(DurationHistogram.bucketOf(Long.MAX_VALUE)).isLessThan(DurationHistogram.MAX_BUCKETS);
    }

    @Test
    void bucketsOutsideTheRangeOrNegativeCountsAreRefused() {
        assertThatThrownBy(() -> new DurationHistogram(DurationHistogram.MAX_BUCKETS - 1, new long[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 0 to");
        assertThatThrownBy(() -> new DurationHistogram(3, new long[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> DurationHistogram.fromBuckets(Map.of(-1, 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket -1");
    }

    private static long durationOf(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(3) - 1;
            case 1 -> 1 + random.nextInt(1_000);
            case 2 -> (long) Math.exp(random.nextDouble() * 25);
            default -> random.nextLong() & Long.MAX_VALUE;
        };
    }

    /** The histogram's quantile as it was computed from a sorted map of buckets before. */
    private static long quantileOf(TreeMap<Integer, Long> buckets, double q) {
        long total = buckets.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return DurationHistogram.upperBound(e.getKey());
            }
        }
        return DurationHistogram.upperBound(buckets.lastKey());
    }
}
