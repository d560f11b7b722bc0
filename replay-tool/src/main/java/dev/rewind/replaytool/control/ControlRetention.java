package dev.rewind.replaytool.control;

import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.control.ControlKey;
import dev.rewind.protocol.control.ReplaySnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code rewind.control} bounded (protocol/REPLAY-PROTOCOL.md, "Retention"): a replay that is finished and
 * has had no activity for the retention gets a tombstone for every key it has (command, cancel, plans, progress,
 * dry-run report). Compaction then removes the records, and every reader, each engine instance included, forgets
 * the replay as it reads the tombstones, so neither the topic nor any in-memory index grows with the number of
 * replays ever run. Records without a START (left behind by a writer that raced a sweep) count as finished.
 *
 * <p>Only the service sweeps: it alone knows whether a replay is finished (its aggregate over the version's
 * partitions). Several service instances sweeping at once write the same tombstones, which is harmless. The
 * replay list and the audit need nothing from a swept replay: who started and cancelled it stays on
 * {@code rewind.audit}. Instance statuses last repeated before the retention (their instance died without
 * tombstoning them) are tombstoned as well.
 */
public final class ControlRetention implements AutoCloseable {

    /** How long a finished replay stays listed by default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private static final Logger LOGGER = LoggerFactory.getLogger(ControlRetention.class);

    private final ControlTopic control;
    private final Predicate<ReplaySnapshot> finished;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rewind-control-retention");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A sweeper that does nothing until {@link #sweep()} or {@link #schedule(Duration)}.
     *
     * @param control the control topic to sweep
     * @param finished whether a replay with a START is finished (no partition will report again)
     * @param retention how long a finished replay stays after its last activity; zero sweeps at once
     * @param clock the local clock
     */
    public ControlRetention(ControlTopic control, Predicate<ReplaySnapshot> finished, Duration retention,
            Clock clock) {
        this.control = Objects.requireNonNull(control, "control");
        this.finished = Objects.requireNonNull(finished, "finished");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("Replay retention must not be negative, was " + retention);
        }
    }

    /** Sweeps every {@code interval} from now on, until closed. */
    public ControlRetention schedule(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Tombstones every replay that is finished and idle for longer than the retention.
     *
     * @return the replays swept
     */
    public List<ReplayId> sweep() {
        Instant cutoff = clock.instant().minus(retention);
        List<ReplayId> swept = new ArrayList<>();
        List<ControlKey> keys = new ArrayList<>();
        for (ReplaySnapshot replay : control.index().replays()) {
            if (replay.lastActivity().isAfter(cutoff)) {
                continue;
            }
            if (replay.start().isEmpty() || finished.test(replay)) {
                swept.add(replay.replayId());
                keys.addAll(replay.keys());
            }
        }
        // an instance killed while a partition was paused never tombstoned its status: readers ignore it once
        // stale, and after the retention it goes too
        control.index().statuses().stream().filter(status -> status.publishedAt().isBefore(cutoff))
                .forEach(status -> keys.add(status.key()));
        control.tombstone(keys);
        if (!swept.isEmpty()) {
            LOGGER.atInfo().addKeyValue("replays", swept.size()).addKeyValue("retention", retention)
                    .log("Tombstoned finished replays on the control topic");
        }
        return swept;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOGGER.atWarn().setCause(e).log("Sweeping finished replays failed; trying again at the next interval");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
