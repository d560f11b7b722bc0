package dev.rewind.engine.state.internal;

import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.state.PartitionStateStore;
import java.time.Instant;
import java.util.Optional;

/** The processor's view of one entity while one event is processed. */
public final class EntityState implements StateStore {

    private final PartitionStateStore store;
    private final byte[] entity;
    private final Instant eventTime;
    private final long offset;

    /** A view of {@code entity} for the event at ({@code eventTime}, {@code offset}). */
    public EntityState(PartitionStateStore store, byte[] entity, Instant eventTime, long offset) {
        this.store = store;
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
        return store.get(entity, eventTime, offset);
    }

    @Override
    public Optional<byte[]> getAsOf(Instant time) {
        return time.isBefore(eventTime) ? store.get(entity, time) : get();
    }

    @Override
    public void put(byte[] value) {
        store.put(entity, eventTime, offset, value);
    }

    @Override
    public void delete() {
        store.delete(entity, eventTime, offset);
    }
}
