package dev.rewind.replaytool.history;

import java.util.Objects;

/**
 * One value of one cohort dimension, {@code customer:acme}: the key the history index files events
 * under.
 *
 * @param dimension the dimension
 * @param value     the dimension's value, non-blank
 */
public record CohortKey(CohortDimension dimension, String value) {

    public CohortKey {
        Objects.requireNonNull(dimension, "dimension");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("cohort value must not be blank");
        }
    }

    /**
     * Parses {@code dimension:value}, e.g. {@code customer:acme}.
     *
     * @throws IllegalArgumentException with a sentence saying what the syntax is
     */
    public static CohortKey parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cohort is required, as dimension:value (e.g. customer:acme)");
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("cohort '" + text
                    + "' is not dimension:value; use e.g. customer:acme, plan:gold or project:p1");
        }
        CohortDimension dimension = CohortDimension.parse(text.substring(0, colon));
        String value = text.substring(colon + 1);
        // the one grammar of selectors: a value no selector can name is no cohort to query either
        dev.rewind.protocol.CohortGrammar.check(text.substring(0, colon), value);
        return new CohortKey(dimension, value);
    }

    /** The text form, {@code customer:acme}; also the index's store key. */
    @Override
    public String toString() {
        return dimension.label() + ":" + value;
    }
}
