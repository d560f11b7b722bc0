package dev.rewind.engine.processor;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of one replay, as assigned by the replay service and carried in the
 * {@code rewind.replay-id} header of every output a replay produces.
 *
 * @param value letters, digits, '.', '_' or '-'; 1 to 128 characters
 */
public record ReplayId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** Validates the id. */
    public ReplayId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid replay id '" + value
                    + "': use 1 to 128 letters, digits, '.', '_' or '-'");
        }
    }

    /** Shorthand for {@code new ReplayId(value)}. */
    public static ReplayId of(String value) {
        return new ReplayId(value);
    }

    /** A new random id. */
    public static ReplayId random() {
        return new ReplayId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
