package dev.rewind.registry.internal.store;

import java.util.List;

/**
 * The registry's durable, totally ordered log of changes: in production the single partition of the compacted
 * {@code _schemas} topic ({@link KafkaSchemaLog}).
 *
 * <p>Reading: {@link #start} delivers every committed record from the beginning, in offset order, on a thread
 * of the log's own, and keeps delivering records committed later (by this or any other registry instance).
 * After each batch it reports the position reached, i.e. the offset of the next record it will deliver, which
 * can be past the last delivered record when compaction removed records or a transaction marker follows.
 *
 * <p>Writing: a write is exclusive across every instance on the log. {@link #beginWrite} makes this instance
 * the one writer (fencing whoever began before); its {@link WriteSession#commit} succeeds only if no other
 * instance began a write in between, and otherwise fails with {@link WriteConflictException}. So a writer that
 * began, read the log to {@link #endOffset}, decided, and committed, decided on everything committed before it.
 */
public interface SchemaLog extends AutoCloseable {

    /** Starts delivering records to {@code listener}; called once. */
    void start(LogListener listener);

    /**
     * Begins an exclusive write.
     *
     * @throws SchemaLogException when the log cannot be written
     */
    WriteSession beginWrite();

    /** The offset up to which records are committed: a reader that reaches it has seen every committed record. */
    long endOffset();

    /**
     * Throws when reading the log has stopped for good (e.g. Kafka denied reading the topic), so that a caller
     * waiting for a position does not wait for its timeout; does nothing otherwise.
     *
     * @throws SchemaLogException naming the cause and the fix
     */
    default void checkReading() {
    }

    /** Stops delivering and releases the log's resources. */
    @Override
    void close();

    /** Receives what the log delivers, always from the log's one delivery thread. */
    interface LogListener {

        void onRecord(LogRecord record);

        /** Everything before {@code nextOffset} has been delivered. */
        void onPosition(long nextOffset);
    }

    /** One exclusive write; closing it without committing abandons it. */
    interface WriteSession extends AutoCloseable {

        /**
         * Appends the entries in order, durably (acknowledged by all in-sync replicas) and atomically, and
         * returns the offset of the last one.
         *
         * @throws WriteConflictException when another instance began a write since this one began
         * @throws SchemaLogException     when the log cannot take them
         */
        long commit(List<LogEntry> entries);

        @Override
        void close();
    }
}
