package dev.rewind.engine.processor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The state of the current event's entity (the entity is the event's record key), versioned by
 * event time.
 *
 * <p>Every write creates a version at the current event's time (with its source offset breaking
 * ties), so the engine can read the state as it was at any time: a replay of {@code [from, to)}
 * first forgets the versions at or after {@code from} and then sees exactly the state as of
 * {@code from}. Consequently reads are "as of the current event's time": {@link #get()} returns the
 * newest version at or before the event's time, and a version written by an event with a later
 * timestamp (events out of time order within a partition) is not visible to an earlier one.
 *
 * <p>Writes are part of the event's processing: they become durable, and visible to other
 * instances through the changelog, only if the runtime's transaction for the event commits. If
 * the processor throws, its writes for that event are discarded.
 *
 * <p>Values are opaque bytes; helpers for UTF-8 strings are provided. A store instance is valid
 * only during the {@link EventProcessor#process} call it was obtained in, on that thread.
 */
public interface StateStore {

    /** The entity this store addresses: the current event's record key. */
    byte[] entity();

    /** The newest value at or before the current event's time; empty if none or deleted. */
    Optional<byte[]> get();

    /**
     * The newest value at or before {@code time}; empty if none or deleted then.
     *
     * @param time a time at or before the current event's time; later times are read as the
     *     current event's time, since later versions may still be rewritten by a replay
     */
    Optional<byte[]> getAsOf(Instant time);

    /** Writes a new version at the current event's time. */
    void put(byte[] value);

    /** Writes a deletion at the current event's time; older versions stay readable as of their times. */
    void delete();

    /** {@link #get()} decoded as UTF-8. */
    default Optional<String> getString() {
        return get().map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** {@link #put(byte[])} of the UTF-8 encoding. */
    default void putString(String value) {
        put(value.getBytes(StandardCharsets.UTF_8));
    }
}
