package dev.rewind.protocol;

import dev.rewind.engine.processor.Cohort;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * The share of a route's cohort values that a ramp sends to its own target: the values of one
 * {@linkplain Dimension dimension} whose {@linkplain #bucket bucket} is below {@link #basisPoints()}.
 *
 * <p>The bucket of a value is {@code toPositive(murmur2(utf8(value))) % 10000}: the hash Kafka's
 * default partitioner applies to a record key ({@code Utils.murmur2}, KIP-480's
 * {@code BuiltInPartitioner}), so any Kafka client library can compute where a customer falls.
 * The bucket depends on the value alone, not on the component, route or version, so:
 * <ul>
 *   <li>a value stays on one side while the share is unchanged, for every event and instance;</li>
 *   <li>growing the share only moves values onto the ramp's side (a customer in at 10% is in at
 *       25%), shrinking it only moves them back;</li>
 *   <li>two ramps at the same share on the same dimension pick the same values (the first 5% of
 *       customers are the same for every component: the same customers see every new version
 *       first).</li>
 * </ul>
 * An event without a value of the dimension is never on the ramp's side.
 *
 * @param dimension whose values are hashed
 * @param basisPoints the share, in hundredths of a percent: {@value #MIN_BASIS_POINTS} to
 *     {@value #MAX_BASIS_POINTS}
 */
public record Ramp(Dimension dimension, int basisPoints) {

    /** Smallest share: no value is ramped. */
    public static final int MIN_BASIS_POINTS = 0;
    /** Largest share and number of buckets: every value with the dimension is ramped. */
    public static final int MAX_BASIS_POINTS = 10_000;

    /** A cohort dimension whose values a ramp hashes. */
    public enum Dimension {
        /** {@link Cohort#customer()}. */
        CUSTOMER,
        /** {@link Cohort#plan()}. */
        PLAN,
        /** {@link Cohort#project()}. */
        PROJECT;

        /**
         * Parses {@code customer}, {@code plan} or {@code project}.
         *
         * @throws IllegalArgumentException naming the value and the accepted ones
         */
        public static Dimension parse(String text) {
            if (text != null) {
                for (Dimension d : values()) {
                    if (d.label().equals(text)) {
                        return d;
                    }
                }
            }
            throw new IllegalArgumentException("Ramp dimension '" + text + "' is not customer, plan or project");
        }

        /** The lower-case name used on the wire and in the API. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** This dimension's value in {@code cohort}, if it has one. */
        public Optional<String> valueOf(Cohort cohort) {
            return switch (this) {
                case CUSTOMER -> cohort.customer();
                case PLAN -> cohort.plan();
                case PROJECT -> cohort.project();
            };
        }
    }

    /** Validates. */
    public Ramp {
        Objects.requireNonNull(dimension, "dimension");
        if (basisPoints < MIN_BASIS_POINTS || basisPoints > MAX_BASIS_POINTS) {
            throw new IllegalArgumentException("Ramp share " + basisPoints + " basis points is outside 0 to 10000"
                    + " (0% to 100% in hundredths of a percent)");
        }
    }

    /**
     * A ramp from a percentage with at most two decimals, e.g. {@code 12.5}.
     *
     * @throws IllegalArgumentException if the percentage is outside 0 to 100 or finer than 0.01
     */
    public static Ramp ofPercent(Dimension dimension, BigDecimal percent) {
        Objects.requireNonNull(percent, "percent");
        BigDecimal points = percent.movePointRight(2);
        if (points.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("Ramp percentage " + percent.toPlainString()
                    + " is finer than 0.01%; round it to two decimals");
        }
        if (points.compareTo(BigDecimal.ZERO) < 0 || points.compareTo(BigDecimal.valueOf(MAX_BASIS_POINTS)) > 0) {
            throw new IllegalArgumentException("Ramp percentage " + percent.toPlainString() + " is outside 0 to 100");
        }
        return new Ramp(dimension, points.intValueExact());
    }

    /** The share as a percentage, e.g. {@code 12.5}. */
    public BigDecimal percent() {
        BigDecimal value = BigDecimal.valueOf(basisPoints).movePointLeft(2).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0, RoundingMode.UNNECESSARY) : value;
    }

    /** The bucket of a value, 0 to 9999: {@code toPositive(murmur2(utf8(value))) % 10000}. */
    public static int bucket(String value) {
        return Utils.toPositive(Utils.murmur2(value.getBytes(StandardCharsets.UTF_8))) % MAX_BASIS_POINTS;
    }

    /** Whether an event of {@code cohort} is on the ramp's side. */
    public boolean admits(Cohort cohort) {
        return basisPoints > 0 && dimension.valueOf(cohort).filter(v -> bucket(v) < basisPoints).isPresent();
    }

    /** E.g. {@code 12.5% of customer values}. */
    @Override
    public String toString() {
        return percent().toPlainString() + "% of " + dimension.label() + " values";
    }
}
