package dev.rewind.engine.state.internal;

import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.PartitionStateStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A dry run's view of one entity: the real store's versions before {@code from}, overlaid with the
 * sandbox's own writes, which stay in memory.
 */
public final class SandboxState implements StateStore {

    private final PartitionStateStore store;
    private final TreeMap<byte[], byte[]> overlay;
    private final Instant before;
    private final byte[] entity;
    private final Instant eventTime;
    private final long offset;

    /**
     * A view for the event at ({@code eventTime}, {@code offset}).
     *
     * @param overlay the sandbox's writes of the partition, keyed by {@link VersionKey} (ordered
     *     with {@link java.util.Arrays#compareUnsigned(byte[], byte[])})
     * @param from the sandbox reads the real store as it was before this time
     */
    public SandboxState(PartitionStateStore store, TreeMap<byte[], byte[]> overlay, Instant from, byte[] entity,
            Instant eventTime, long offset) {
        this.store = store;
        this.overlay = overlay;
        this.before = from.minusMillis(1);
        this.entity = entity.clone();
        this.eventTime = eventTime;
        this.offset = offset;
    }

    @Override
    public byte[] entity() {
        return entity.clone();
    }

    @Override
    public Optional<byte[]> get() {
        return read(eventTime, offset);
    }

    @Override
    public Optional<byte[]> getAsOf(Instant time) {
        return time.isBefore(eventTime) ? read(time, Long.MAX_VALUE) : get();
    }

    @Override
    public void put(byte[] value) {
        overlay.put(VersionKey.of(entity, eventTime, offset), StoredValue.value(value));
    }

    @Override
    public void delete() {
        overlay.put(VersionKey.of(entity, eventTime, offset), StoredValue.deletion());
    }

    private Optional<byte[]> read(Instant time, long atOrBeforeOffset) {
        Map.Entry<byte[], byte[]> own = overlay.floorEntry(VersionKey.of(entity, time, atOrBeforeOffset));
        if (own != null && VersionKey.hasPrefix(own.getKey(), VersionKey.prefix(entity))) {
            return StoredValue.decode(own.getValue()); // sandbox writes are all at or after 'from'
        }
        return store.get(entity, time.isBefore(before) ? time : before);
    }
}
