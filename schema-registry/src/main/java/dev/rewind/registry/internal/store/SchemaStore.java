package dev.rewind.registry.internal.store;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.registry.internal.Errors;

/**
 * The registry's state kept in step with its {@link SchemaLog}: every record of the log is applied to a
 * {@link RegistryState}; a write appends to the log and returns only once the state has applied it, so a
 * caller reads its own writes and everything it returns is durable.
 */
public final class SchemaStore implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaStore.class);

    private final SchemaLog log;
    private final Duration timeout;
    private final RegistryState state = new RegistryState();
    private final Object positionMonitor = new Object();
    private long position;

    public SchemaStore(SchemaLog log, Duration timeout) {
        this.log = log;
        this.timeout = timeout;
    }

    /** Starts reading the log and returns once everything in it has been applied. */
    public void start() {
        log.start(new SchemaLog.LogListener() {
            @Override
            public void onRecord(LogRecord record) {
                applyRecord(record);
            }

            @Override
            public void onPosition(long nextOffset) {
                synchronized (positionMonitor) {
                    position = Math.max(position, nextOffset);
                    positionMonitor.notifyAll();
                }
            }
        });
        catchUp();
    }

    private void applyRecord(LogRecord record) {
        try {
            state.apply(LogCodec.decode(record));
        } catch (RuntimeException e) {
            // A record we cannot read must not stop the registry from serving everything else.
            LOGGER.atWarn().addKeyValue("offset", record.offset()).setCause(e)
                    .log("Skipping a schema log record this registry cannot read");
        }
    }

    public RegistryState state() {
        return state;
    }

    /** Waits until every record durable in the log now has been applied (e.g. written by another instance). */
    public void catchUp() {
        awaitPosition(guard(log::endOffset));
    }

    /** Appends the entries and returns once they are durable and applied to {@link #state()}. */
    public void write(List<LogEntry> entries) {
        long last = guard(() -> log.append(entries));
        awaitPosition(last + 1);
    }

    private void awaitPosition(long target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positionMonitor) {
            while (position < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw Errors.timeout("Timed out after " + timeout + " waiting to read the schema log up to"
                            + " offset " + target + " (read up to " + position + "). Check that the Kafka"
                            + " brokers are reachable, then retry.");
                }
                try {
                    positionMonitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Errors.timeout("Interrupted while waiting for the schema log.");
                }
            }
        }
    }

    private static long guard(java.util.function.LongSupplier operation) {
        try {
            return operation.getAsLong();
        } catch (SchemaLogException e) {
            throw Errors.storeError("The schema store failed: " + e.getMessage()
                    + ". Check that the Kafka brokers are reachable, then retry.", e);
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
