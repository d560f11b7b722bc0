package dev.rewind.replaytool.history;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A dimension of an event's cohort, as written in selectors and query parameters
 * ({@code customer:acme}, {@code ?by=plan}).
 */
public enum CohortDimension {
    CUSTOMER, PLAN, PROJECT;

    /** The lower-case name used in selectors and URLs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a lower-case dimension name.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CohortDimension parse(String text) {
        for (CohortDimension d : values()) {
            if (d.label().equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown cohort dimension '" + text + "'; use one of "
                + Arrays.stream(values()).map(CohortDimension::label).collect(Collectors.joining(", ")));
    }
}
