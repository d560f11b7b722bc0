package dev.rewind.registry.internal.compat;

import dev.rewind.registry.internal.Errors;

/**
 * Confluent's compatibility levels. BACKWARD: the new schema can read data written with the previous one;
 * FORWARD: the previous schema can read data written with the new one; FULL: both. The transitive forms check
 * against every live (not soft-deleted) version instead of only the latest; NONE checks nothing.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The level of a subject with no level of its own when the global level was never set. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    boolean newReadsOld() {
        return newReadsOld;
    }

    boolean oldReadsNew() {
        return oldReadsNew;
    }

    public boolean transitive() {
        return transitive;
    }

    /** Parses a level case-insensitively; an unknown one is Confluent's 42203. */
    public static CompatibilityLevel parse(String text) {
        if (text != null) {
            for (CompatibilityLevel level : values()) {
                if (level.name().equalsIgnoreCase(text.trim())) {
                    return level;
                }
            }
        }
        throw Errors.invalidCompatibilityLevel(text);
    }
}
