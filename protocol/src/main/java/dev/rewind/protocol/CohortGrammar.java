package dev.rewind.protocol;

import java.util.regex.Pattern;

/**
 * The one grammar of cohort values in selectors ({@code customer:<id>}, {@code plan:<id>},
 * {@code project:<id>}), checked wherever a selector enters rewind: the REST API and the CLI
 * through it, and route changes and replay commands read back from Kafka.
 *
 * <p>An id is 1 to {@value #MAX_LENGTH} characters: ASCII letters and digits, {@code .}, {@code _},
 * {@code -} and {@code @}, starting with a letter or a digit. That covers slugs, numeric ids,
 * UUIDs and e-mail-like ids, and keeps out what would corrupt logs, URLs, metrics labels or the
 * console: control characters, bidirectional overrides, other non-ASCII text, {@code :} (the
 * separator of dimension and value), {@code /}, spaces and {@code +} (which URLs and query
 * strings rewrite).
 *
 * <p>Events whose cohort values fall outside the grammar are still processed: they are routed by
 * the selectors they can match (at least {@code default}), since a selector cannot name them.
 */
public final class CohortGrammar {

    /** Longest cohort value a selector may name, in characters. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0," + (MAX_LENGTH - 1) + "}");

    private CohortGrammar() {
    }

    /** Whether {@code id} is a valid cohort value for a selector. */
    public static boolean isValid(String id) {
        return id != null && id.length() <= MAX_LENGTH && ID.matcher(id).matches();
    }

    /**
     * Checks a cohort value.
     *
     * @param dimension the dimension it belongs to, for the message ({@code customer}, ...)
     * @throws IllegalArgumentException naming the value (shortened and escaped) and the grammar
     */
    public static String check(String dimension, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("Invalid " + dimension + " id " + describe(id) + ": use 1 to "
                    + MAX_LENGTH + " ASCII letters, digits, '.', '_', '-' or '@', starting with a letter or digit");
        }
        return id;
    }

    /** The value as it may be quoted in a message: at most 40 characters, non-printable ones escaped. */
    static String describe(String id) {
        if (id == null) {
            return "(missing)";
        }
        StringBuilder out = new StringBuilder("'");
        id.codePoints().limit(40).forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04X", c));
            }
        });
        out.append('\'');
        if (id.length() > 40) {
            out.append("... (").append(id.length()).append(" characters)");
        }
        return out.toString();
    }
}
