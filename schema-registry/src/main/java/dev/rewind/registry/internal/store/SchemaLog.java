package dev.rewind.registry.internal.store;

import java.util.List;

/**
 * The registry's durable, totally ordered log of changes: in production the single partition of the compacted
 * {@code _schemas} topic ({@link KafkaSchemaLog}).
 *
 * <p>Contract: {@link #start} delivers every record from the beginning, in offset order, on a thread of the
 * log's own, and keeps delivering records appended later (by this or any other registry instance). After each
 * batch it reports the position reached, i.e. the offset of the next record it will deliver, which can be
 * past the last delivered record when compaction removed records. {@link #append} returns once the entries are
 * durable (acknowledged by all in-sync replicas).
 */
public interface SchemaLog extends AutoCloseable {

    /** Starts delivering records to {@code listener}; called once. */
    void start(LogListener listener);

    /**
     * Appends the entries in order and returns the offset of the last one once they are all durable.
     *
     * @throws SchemaLogException when the log cannot take them
     */
    long append(List<LogEntry> entries);

    /** The offset the next appended record will get: a reader that reaches it has seen every durable record. */
    long endOffset();

    /** Stops delivering and releases the log's resources. */
    @Override
    void close();

    /** Receives what the log delivers, always from the log's one delivery thread. */
    interface LogListener {

        void onRecord(LogRecord record);

        /** Everything before {@code nextOffset} has been delivered. */
        void onPosition(long nextOffset);
    }
}
