package dev.rewind.schemas.registry;

/**
 * Confluent's compatibility levels. The plain forms compare a new schema with the latest version,
 * the {@code _TRANSITIVE} forms with every version of the subject.
 */
public enum CompatibilityLevel {
    /** Any schema is accepted. */
    NONE,
    /** Readers using the new schema can read data written with the latest one. */
    BACKWARD,
    /** Readers using the new schema can read data written with any earlier one. */
    BACKWARD_TRANSITIVE,
    /** Readers using the latest schema can read data written with the new one. */
    FORWARD,
    /** Readers using any earlier schema can read data written with the new one. */
    FORWARD_TRANSITIVE,
    /** Both BACKWARD and FORWARD. */
    FULL,
    /** Both BACKWARD_TRANSITIVE and FORWARD_TRANSITIVE. */
    FULL_TRANSITIVE;

    /**
     * Parses a level as the registry spells it.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CompatibilityLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + text + "'; use one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
