package dev.rewind.engine.runtime.internal;

import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.InstanceStatus;
import dev.rewind.protocol.control.PausedPartition;
import dev.rewind.protocol.control.VersionInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the instance's paused partitions as its {@link InstanceStatus} on {@code rewind.control}, where the
 * replay service's versions API reads them (protocol/REPLAY-PROTOCOL.md, "Instance status"): when the set changes,
 * every {@link InstanceStatus#HEARTBEAT} while it is not empty, and a tombstone when it empties or the instance
 * closes. Pauses shorter than {@link #MINIMUM_PAUSE} are not reported, so a partition that waits a few hundred
 * milliseconds for the route horizon writes nothing.
 *
 * <p>Consumer thread only ({@link #check()} after each poll); the sends are asynchronous and a failed one is
 * logged once and retried at the next heartbeat: a status is information, never a reason to stop processing.
 */
final class PauseReporter implements AutoCloseable {

    /** How long a pause lasts before it is reported. */
    static final Duration MINIMUM_PAUSE = Duration.ofSeconds(1);

    private static final Logger LOGGER = LoggerFactory.getLogger(PauseReporter.class);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

    private final VersionInstance instance;
    private final BiFunction<Instant, Duration, List<PausedPartition>> paused;
    private final Producer<byte[], byte[]> producer;
    private final ControlRecords records;
    private final Clock clock;
    private List<PausedPartition> reported = List.of();
    private Instant publishedAt = Instant.MIN;
    private Instant checkedAt = Instant.MIN;
    private volatile boolean failing;

    /**
     * @param instance the instance reporting
     * @param paused the paused partitions at a time, paused at least a duration ({@link PartitionHandlers#pausedPartitions})
     * @param producer a non-transactional producer; closed with the reporter
     * @param records the control topic's records
     * @param clock the wall clock
     */
    PauseReporter(VersionInstance instance, BiFunction<Instant, Duration, List<PausedPartition>> paused,
                  Producer<byte[], byte[]> producer, ControlRecords records, Clock clock) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.paused = Objects.requireNonNull(paused, "paused");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.records = Objects.requireNonNull(records, "records");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Publishes the status if it changed or its heartbeat is due; cheap when nothing is paused. */
    void check() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(CHECK_INTERVAL))) {
            return;
        }
        checkedAt = now;
        InstanceStatus status = new InstanceStatus(instance, now, paused.apply(now, MINIMUM_PAUSE));
        boolean changed = !status.paused().equals(reported);
        boolean heartbeat = !reported.isEmpty() && !now.isBefore(publishedAt.plus(InstanceStatus.HEARTBEAT));
        if (!changed && !heartbeat) {
            return;
        }
        try {
            send(status.paused().isEmpty() ? records.tombstone(status.key()) : records.record(status));
        } catch (RuntimeException e) {
            // the registry or the producer refused before sending: the next check tries again
            logFailure(e);
            return;
        }
        reported = status.paused();
        publishedAt = now;
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                logFailure(e);
            } else {
                failing = false;
            }
        });
    }

    private void logFailure(Exception e) {
        if (!failing) {
            failing = true;
            LOGGER.atWarn().setCause(e).addKeyValue("component", instance.version().component())
                    .addKeyValue("version", instance.version().version()).addKeyValue("topic", records.topic())
                    .log("Publishing the instance status (paused partitions) failed; the versions API may show"
                            + " an old status until the next heartbeat succeeds (check Write on the control topic)");
        }
    }

    /** Tombstones a status it published (nothing is paused once the instance is gone) and closes the producer. */
    @Override
    public void close() {
        try {
            if (!reported.isEmpty()) {
                send(records.tombstone(new InstanceStatus(instance, clock.instant(), List.of()).key()));
            }
        } catch (RuntimeException e) {
            logFailure(e);
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
