package dev.rewind.engine.metrics;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a tag's values bounded: the first {@code limit} distinct values are kept as they are, every
 * later one is reported as {@value #OTHER}, so a metric tagged by customer cannot explode the
 * scrape size. An absent value is {@value #NONE}. Thread-safe.
 */
public final class CardinalityCap {

    /** The tag value standing for every value past the cap. */
    public static final String OTHER = "other";
    /** The tag value of an absent dimension. */
    public static final String NONE = "none";

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    /**
     * A cap.
     *
     * @param limit how many distinct values keep their own tag, at least 0
     */
    public CardinalityCap(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("Cardinality limit must be >= 0, was " + limit);
        }
        this.limit = limit;
    }

    /** The tag value to use for {@code value}. */
    public String tag(Optional<String> value) {
        if (value.isEmpty()) {
            return NONE;
        }
        String text = value.get();
        if (admitted.contains(text)) {
            return text;
        }
        synchronized (this) {
            if (admitted.size() < limit) {
                admitted.add(text);
                return text;
            }
        }
        return admitted.contains(text) ? text : OTHER;
    }
}
