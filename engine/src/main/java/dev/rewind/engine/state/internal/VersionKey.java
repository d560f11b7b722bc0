package dev.rewind.engine.state.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * The RocksDB (and changelog) key of one version of one entity's state:
 * {@code int32 entity length | entity bytes | int64 event time millis (sign bit flipped) | int64 offset},
 * all big-endian.
 *
 * <p>With RocksDB's bytewise comparator this sorts by entity, then event time, then offset, so "the
 * latest version at or before (t, o)" is one {@code seekForPrev}. The length prefix keeps entity
 * {@code "a"} from running into entity {@code "ab"}; flipping the sign bit sorts times before 1970
 * correctly.
 */
public final class VersionKey {

    private static final int SUFFIX = Long.BYTES * 2;

    private VersionKey() {
    }

    /** The key of the version of {@code entity} at {@code time} written by the event at {@code offset}. */
    public static byte[] of(byte[] entity, long timeMillis, long offset) {
        return ByteBuffer.allocate(Integer.BYTES + entity.length + SUFFIX)
                .putInt(entity.length).put(entity).putLong(timeMillis ^ Long.MIN_VALUE).putLong(offset).array();
    }

    /** The key of the version of {@code entity} at {@code time} written by the event at {@code offset}. */
    public static byte[] of(byte[] entity, Instant time, long offset) {
        return of(entity, time.toEpochMilli(), offset);
    }

    /** The prefix all versions of {@code entity} share. */
    public static byte[] prefix(byte[] entity) {
        return ByteBuffer.allocate(Integer.BYTES + entity.length).putInt(entity.length).put(entity).array();
    }

    /** Whether {@code key} is a version of the entity with this {@link #prefix}. */
    public static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length == prefix.length + SUFFIX
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The entity of a key. */
    public static byte[] entity(byte[] key) {
        int length = ByteBuffer.wrap(key).getInt();
        return Arrays.copyOfRange(key, Integer.BYTES, Integer.BYTES + length);
    }

    /** The event time of a key, in epoch millis. */
    public static long timeMillis(byte[] key) {
        return ByteBuffer.wrap(key, key.length - SUFFIX, Long.BYTES).getLong() ^ Long.MIN_VALUE;
    }

    /** The source offset of a key. */
    public static long offset(byte[] key) {
        return ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong();
    }

    /** Whether the bytes are a well-formed key. */
    public static boolean isValid(byte[] key) {
        return key != null && key.length >= Integer.BYTES + SUFFIX
                && ByteBuffer.wrap(key).getInt() == key.length - Integer.BYTES - SUFFIX;
    }
}
