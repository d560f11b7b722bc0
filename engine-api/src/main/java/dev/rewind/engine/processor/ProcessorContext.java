package dev.rewind.engine.processor;

import java.time.Instant;

/**
 * What the engine offers a processor while it processes one event.
 *
 * <p>Valid only during the {@link EventProcessor#process} call it is passed to, on that thread;
 * do not keep it.
 */
public interface ProcessorContext {

    /**
     * Emits an output record.
     *
     * <p>The value is a {@code SpecificRecord} or {@code GenericRecord}, serialized with the
     * runtime's configured Avro serde (Confluent wire format through the schema registry), or a
     * {@code byte[]} passed through unchanged; {@code null} writes a tombstone. The record is
     * written in the same transaction as the event's outcome and the source offsets, so it is
     * visible to {@code read_committed} readers only if that transaction commits, and exactly once.
     * It carries the headers {@code rewind.event-id}, {@code rewind.version} and, during a replay,
     * {@code rewind.replay-id}.
     *
     * @param topic the output topic
     * @param key the output key, may be {@code null}
     * @param value the value
     * @throws IllegalArgumentException if the value is of an unsupported type
     */
    void emit(String topic, String key, Object value);

    /** The state of the current event's entity (its record key). */
    StateStore state();

    /** Live processing or the replay this processing belongs to. */
    ProcessingMode mode();

    /** The component and version running this processor. */
    ComponentVersion componentVersion();

    /** The current event's time. */
    Instant eventTime();
}
