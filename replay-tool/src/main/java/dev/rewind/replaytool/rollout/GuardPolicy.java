package dev.rewind.replaytool.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * When a rollout's guard trips: the new version's error rate for the moved cohort exceeds the
 * baseline's on comparable cohorts by more than {@code marginBasisPoints}, once it has at least
 * {@code minSamples} outcomes; a step passes once {@code window} has gone by without that.
 *
 * @param marginBasisPoints allowed excess in hundredths of a percentage point, 0 to 9999 (500 = 5 points)
 * @param window how long each step is watched, 1 s to 24 h
 * @param minSamples outcomes of the new version needed before the guard may trip or pass, 1 to 1,000,000
 */
public record GuardPolicy(int marginBasisPoints, Duration window, long minSamples) {

    /** The longest window accepted. */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);
    /** The shortest window accepted. */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    /** The most samples that may be asked for. */
    public static final long MAX_SAMPLES = 1_000_000;

    /** Validates. */
    public GuardPolicy {
        Objects.requireNonNull(window, "window");
        if (marginBasisPoints < 0 || marginBasisPoints >= 10_000) {
            throw new IllegalArgumentException("marginBasisPoints must be 0 to 9999, was " + marginBasisPoints);
        }
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be " + MIN_WINDOW + " to " + MAX_WINDOW + ", was " + window);
        }
        if (minSamples < 1 || minSamples > MAX_SAMPLES) {
            throw new IllegalArgumentException("minSamples must be 1 to " + MAX_SAMPLES + ", was " + minSamples);
        }
    }

    /** The margin as a percentage, e.g. {@code 5} or {@code 2.5}. */
    public java.math.BigDecimal marginPercent() {
        return java.math.BigDecimal.valueOf(marginBasisPoints, 2).stripTrailingZeros();
    }
}
