package dev.rewind.engine.state.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stored form of a version: a marker byte ({@code 1} value, {@code 0} deletion) and the value.
 * A deletion is itself a version, so the state before it stays readable as of earlier times.
 */
public final class StoredValue {

    private static final byte VALUE = 1;
    private static final byte DELETED = 0;
    private static final byte[] DELETION = {DELETED};

    private StoredValue() {
    }

    /** The stored form of a value. */
    public static byte[] value(byte[] value) {
        byte[] stored = new byte[value.length + 1];
        stored[0] = VALUE;
        System.arraycopy(value, 0, stored, 1, value.length);
        return stored;
    }

    /** The stored form of a deletion. */
    public static byte[] deletion() {
        return DELETION.clone();
    }

    /** The value, or empty for a deletion. */
    public static Optional<byte[]> decode(byte[] stored) {
        if (stored == null || stored.length == 0 || stored[0] == DELETED) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(stored, 1, stored.length));
    }
}
