package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.processor.Event;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Remembers the ids of live events processed within the dedupe window, so a second copy is not
 * processed again; does nothing when {@code dedupe.window.ms} is 0. Consumer thread only.
 */
public final class Deduplication {

    private final Optional<DedupeStore> store;

    /** Deduplication in {@code store}, or none when empty. */
    public Deduplication(Optional<DedupeStore> store) {
        this.store = store;
    }

    /** Whether a live event is a second copy of one processed within the window. */
    public boolean isDuplicate(Event event) {
        return store.isPresent() && store.get().seen(partitionOf(event), event.eventId(), event.time().toEpochMilli());
    }

    /** Remembers a processed live event (kept if the transaction commits). */
    public void record(Event event) {
        store.ifPresent(s -> s.record(partitionOf(event), event.eventId(), event.time().toEpochMilli()));
    }

    private static TopicPartition partitionOf(Event event) {
        return new TopicPartition(event.topic(), event.partition());
    }
}
