package dev.rewind.engine.state;

import dev.rewind.engine.state.internal.StoredValue;
import dev.rewind.engine.state.internal.VersionKey;
import java.util.Optional;

/** Reads a state changelog's records for tests of other features, without reaching into {@code state.internal}. */
public final class ChangelogRecords {

    private ChangelogRecords() {
    }

    /** The entity of a changelog record's key. */
    public static byte[] entity(byte[] key) {
        return VersionKey.entity(key);
    }

    /** A changelog record's value; empty for a deletion. */
    public static Optional<byte[]> value(byte[] stored) {
        return StoredValue.decode(stored);
    }
}
