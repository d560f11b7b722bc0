package dev.rewind.schemas.serde;

import dev.rewind.schemas.serde.internal.CohortLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The cohort values a {@link CohortMatcher} recognises, per dimension ({@code customer}, {@code plan},
 * {@code project}): typically the ids of a replay's selector or of the routes in force. Each value is
 * non-blank ASCII (as every selector id is), so that its UTF-8 bytes equal an event's bytes exactly
 * when the event's text equals it: the matcher compares bytes and builds no string.
 *
 * <p>Immutable and thread-safe.
 */
public final class CohortValues {

    /** The most values per dimension: a matcher compares with each in turn. */
    public static final int MAX_PER_DIMENSION = 64;

    private final List<List<String>> values;
    private final byte[][][] bytes;

    private CohortValues(List<String> customers, List<String> plans, List<String> projects) {
        this.values = List.of(List.copyOf(customers), List.copyOf(plans), List.copyOf(projects));
        this.bytes = new byte[3][][];
        for (int dimension = 0; dimension < 3; dimension++) {
            List<String> of = values.get(dimension);
            if (of.size() > MAX_PER_DIMENSION) {
                throw new IllegalArgumentException(of.size() + " " + CohortLayout.DIMENSIONS.get(dimension)
                        + " values given, at most " + MAX_PER_DIMENSION + " are compared byte by byte; project"
                        + " such events instead");
            }
            bytes[dimension] = new byte[of.size()][];
            for (int i = 0; i < of.size(); i++) {
                bytes[dimension][i] = check(CohortLayout.DIMENSIONS.get(dimension), of.get(i));
            }
        }
    }

    /**
     * The values to recognise per dimension.
     *
     * @throws IllegalArgumentException when a value is blank or not ASCII, or a dimension has more
     *     than {@value #MAX_PER_DIMENSION}
     */
    public static CohortValues of(List<String> customers, List<String> plans, List<String> projects) {
        return new CohortValues(customers, plans, projects);
    }

    /** The values of dimension {@code index} (0 customer, 1 plan, 2 project), in the order of their match codes. */
    public List<String> values(int index) {
        return values.get(index);
    }

    byte[][][] bytes() {
        return bytes;
    }

    private static byte[] check(String dimension, String value) {
        Objects.requireNonNull(value, dimension);
        if (value.isBlank() || !value.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("Cohort " + dimension + " value '" + value + "' cannot be matched"
                    + " byte by byte: use non-blank ASCII, as selector ids are");
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "CohortValues" + values;
    }
}
