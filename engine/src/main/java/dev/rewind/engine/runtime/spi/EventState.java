package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.StateStore;
import java.time.Instant;
import java.util.function.Function;

/**
 * The runtime's view of entity state: a store for the event being processed whose writes are kept
 * only if the processing succeeds, and become durable only when the transaction commits.
 */
public interface EventState {

    /** Processing of {@code event} starts: its writes are staged from here on. */
    default void beginEvent(Event event) {
    }

    /** The store of {@code event}'s entity; writes are staged for this event. */
    StateStore storeFor(Event event);

    /** The processing of the current event failed: forget its staged writes. */
    void discardEvent();

    /** The processing of the current event succeeded: keep its writes in the open transaction. */
    void keepEvent();

    /**
     * Forgets the versions of {@code entity}'s state at or after {@code from}, as part of the open
     * transaction: a replay rewinds the entity before reprocessing its events of {@code [from, to)}.
     */
    default void forgetFrom(Event event, Instant from) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot rewind entity state");
    }

    /**
     * A throwaway view for a dry run: reads the state as it was at {@code from}, keeps writes in
     * memory only and never changes the real state.
     */
    default EventState sandboxAsOf(Instant from) {
        throw new UnsupportedOperationException(getClass().getName() + " has no sandbox view for dry runs");
    }

    /**
     * The view a sandboxed processor runs on (dry and shadow runs): every store comes from
     * {@code sandbox}, whose writes stay in memory; there is no transaction to keep or discard them in.
     */
    static EventState sandboxed(Function<Event, StateStore> sandbox) {
        return new EventState() {
            @Override
            public StateStore storeFor(Event event) {
                return sandbox.apply(event);
            }

            @Override
            public void discardEvent() {
            }

            @Override
            public void keepEvent() {
            }
        };
    }
}
