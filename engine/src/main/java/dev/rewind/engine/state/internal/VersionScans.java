package dev.rewind.engine.state.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.rocksdb.RocksIterator;

/** Scans that find the versions a replay rewind or retention removes. */
public final class VersionScans {

    private VersionScans() {
    }

    /** The keys of the given entities' versions at or after {@code from}; one seek per entity. */
    public static List<byte[]> atOrAfter(RocksIterator it, Collection<byte[]> entities, Instant from) {
        List<byte[]> keys = new ArrayList<>();
        for (byte[] entity : entities) {
            byte[] prefix = VersionKey.prefix(entity);
            for (it.seek(VersionKey.of(entity, from, 0)); it.isValid() && VersionKey.hasPrefix(it.key(), prefix);
                    it.next()) {
                keys.add(it.key());
            }
        }
        return keys;
    }

    /** The keys of versions at or after {@code from} of matching entities; a full scan. */
    public static List<byte[]> atOrAfter(RocksIterator it, Predicate<byte[]> entities, Instant from) {
        long fromMillis = from.toEpochMilli();
        List<byte[]> keys = new ArrayList<>();
        for (it.seekToFirst(); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (VersionKey.timeMillis(key) >= fromMillis && entities.test(VersionKey.entity(key))) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The keys of versions older than {@code olderThan} except, per entity, the newest of them
     * unless that one is a deletion.
     */
    public static List<byte[]> prunable(RocksIterator it, Instant olderThan) {
        long limit = olderThan.toEpochMilli();
        List<byte[]> keys = new ArrayList<>();
        byte[] previous = null;
        boolean previousDeleted = false;
        for (it.seekToFirst(); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (VersionKey.timeMillis(key) >= limit) {
                continue;
            }
            boolean sameEntity = previous != null
                    && VersionKey.hasPrefix(key, VersionKey.prefix(VersionKey.entity(previous)));
            if (sameEntity || (previous != null && previousDeleted)) {
                keys.add(previous); // superseded by this older version, or a deletion nothing needs
            }
            previous = key;
            previousDeleted = StoredValue.decode(it.value()).isEmpty();
        }
        if (previous != null && previousDeleted) {
            keys.add(previous);
        }
        return keys;
    }
}
