package dev.rewind.registry.internal.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.registry.internal.Errors;

/**
 * The registry's state kept in step with its {@link SchemaLog}: every record of the log is applied to a
 * {@link RegistryState}; a write is decided on the state caught up with the log while this instance is the
 * log's exclusive writer, and returns only once the state has applied it, so a caller reads its own writes,
 * everything it is told is durable, and two instances never decide on stale state (no id handed out twice).
 */
public final class SchemaStore implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaStore.class);

    static final int MAX_ATTEMPTS = 10;

    private final SchemaLog log;
    private final Duration timeout;
    private final RegistryState state = new RegistryState();
    private final Object positionMonitor = new Object();
    private final ReentrantLock writes = new ReentrantLock();
    private static final long READ_CHECK_MILLIS = 250;

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

    /**
     * Runs one write: becomes the log's exclusive writer, catches up with the log, lets {@code decide} look at
     * the state and plan entries (or throw to refuse), commits them and returns once they are applied. When
     * another instance wrote in between, decides again on the newer state, up to {@value #MAX_ATTEMPTS} times.
     */
    public <T> T write(Supplier<WritePlan<T>> decide) {
        writes.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try (SchemaLog.WriteSession session = guard(log::beginWrite)) {
                    catchUp();
                    WritePlan<T> plan = decide.get();
                    if (!plan.entries().isEmpty()) {
                        awaitPosition(guard(() -> session.commit(plan.entries())) + 1);
                    }
                    return plan.result();
                } catch (WriteConflictException e) {
                    if (attempt == MAX_ATTEMPTS) {
                        throw Errors.storeError("Gave up writing after " + MAX_ATTEMPTS + " attempts because other"
                                + " registry instances kept writing at the same time. Retry the request.", e);
                    }
                    LOGGER.atInfo().addKeyValue("attempt", attempt)
                            .log("Another registry instance wrote at the same time; deciding again");
                    backOff(attempt);
                }
            }
        } finally {
            writes.unlock();
        }
    }

    /** A random pause growing with the attempts, so two instances retrying do not keep fencing each other. */
    private static void backOff(int attempt) {
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(20L * attempt, 100L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.timeout("Interrupted while retrying a write.");
        }
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
                guard(() -> {
                    log.checkReading();
                    return null;
                });
                try {
                    // in slices, so that a read that stopped for good is noticed within one
                    positionMonitor.wait(Math.max(1, Math.min(READ_CHECK_MILLIS, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Errors.timeout("Interrupted while waiting for the schema log.");
                }
            }
        }
    }

    private static <T> T guard(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (SchemaLogException e) {
            throw Errors.storeError("The schema store failed: " + e.getMessage()
                    + (StoreAccess.isDenied(e) ? ". Retrying will not help until the ACL is granted."
                    : ". Check that the Kafka brokers are reachable, then retry."), e);
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
