package dev.rewind.engine.testing.internal;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.state.PartitionStateStore;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The test driver's entity state as the runtime's invoker sees it: each event's writes go to its
 * partition's real, versioned store and are kept only if the event succeeds. Not thread-safe.
 */
public final class DriverState implements EventState {

    private final IntFunction<PartitionStateStore> stores;
    private PartitionStateStore current;

    /** State kept in the store of each partition number, from {@code stores}. */
    public DriverState(IntFunction<PartitionStateStore> stores) {
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    @Override
    public void beginEvent(Event event) {
        current = stores.apply(event.partition());
        current.beginEvent();
    }

    @Override
    public StateStore storeFor(Event event) {
        return stores.apply(event.partition()).forEvent(event.key(), event.time(), event.offset());
    }

    @Override
    public void discardEvent() {
        current.endEvent(false);
    }

    @Override
    public void keepEvent() {
        current.endEvent(true);
    }
}
