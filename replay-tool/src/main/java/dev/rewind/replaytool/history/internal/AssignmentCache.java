package dev.rewind.replaytool.history.internal;

import java.util.function.Supplier;

/**
 * A value derived from the index's task assignment (which partitions this instance holds, their
 * stores, the other instances), resolved once and kept until the application's state changes.
 * Kafka Streams passes through {@code REBALANCING} whenever partitions move, so {@link #invalidate}
 * from its state listener drops the value before an answer could use a moved partition's store.
 *
 * <p>A value resolved while an invalidation happened is handed to its caller but not kept: it may
 * describe the assignment before the change. Thread-safe.
 *
 * @param <T> the resolved value
 */
public final class AssignmentCache<T> {

    private record Resolved<T>(long generation, T value) {
    }

    private final Supplier<T> resolver;
    private volatile long generation;
    private volatile Resolved<T> resolved;

    /** @param resolver resolves the value; may throw, and then nothing is kept */
    public AssignmentCache(Supplier<T> resolver) {
        this.resolver = resolver;
    }

    /** The value for the current assignment, resolved now if none is kept. */
    public T get() {
        long current = generation;
        Resolved<T> kept = resolved;
        if (kept != null && kept.generation() == current) {
            return kept.value();
        }
        T value = resolver.get();
        if (generation == current) {
            resolved = new Resolved<>(current, value);
        }
        return value;
    }

    /** Forgets the value: the assignment changed or is changing. */
    public synchronized void invalidate() {
        generation++;
        resolved = null;
    }
}
