package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.protocol.control.PausedPartition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * The handler of each assigned partition and whether the partition is paused, waiting for the
 * route history or stopped by the error policy. A replay swaps a partition's live handler for its
 * own with {@link #replace} and back when done. Consumer thread only.
 */
final class PartitionHandlers {

    private final Function<TopicPartition, PartitionHandler> liveFactory;
    private final Map<TopicPartition, PartitionHandler> handlers = new HashMap<>();
    /** Concurrent: the metrics' scrape thread counts them ({@link #paused}). */
    private final Map<TopicPartition, Pause> waiting = new ConcurrentHashMap<>();
    /** Concurrent, as {@link #waiting}: the partitions stopped by the error policy, with where and since when. */
    private final Map<TopicPartition, PausedPartition> stopped = new ConcurrentHashMap<>();

    /** Why a partition is paused, as the {@code reason} tag of {@code rewind.partitions.paused}. */
    enum PauseReason {
        ROUTES, THROTTLED, STOPPED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    PartitionHandlers(Function<TopicPartition, PartitionHandler> liveFactory) {
        this.liveFactory = liveFactory;
    }

    void assign(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            handlers.computeIfAbsent(partition, liveFactory);
        }
    }

    void remove(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            PartitionHandler handler = handlers.remove(partition);
            if (handler != null) {
                handler.close();
            }
            waiting.remove(partition);
            stopped.remove(partition);
        }
    }

    PartitionHandler get(TopicPartition partition) {
        return handlers.get(partition);
    }

    /** Installs another handler for an assigned partition (e.g. a replay's); returns the old one. */
    PartitionHandler replace(TopicPartition partition, PartitionHandler handler) {
        if (!handlers.containsKey(partition)) {
            throw new IllegalStateException("Partition " + partition + " is not assigned");
        }
        return handlers.put(partition, handler);
    }

    /** A fresh live handler for {@code partition}, e.g. to return from a replay. */
    PartitionHandler newLiveHandler(TopicPartition partition) {
        return liveFactory.apply(partition);
    }

    Set<TopicPartition> assigned() {
        return Set.copyOf(handlers.keySet());
    }

    boolean isActive(TopicPartition partition) {
        return handlers.containsKey(partition) && !waiting.containsKey(partition) && !stopped.containsKey(partition);
    }

    /**
     * Pauses a partition whose handler answered {@code reason} for the record at {@code offset}, at
     * {@code nanoTime} ({@code wallTime} on the wall clock).
     */
    void markWaiting(TopicPartition partition, Step.Waiting reason, long offset, long nanoTime, Instant wallTime) {
        waiting.put(partition, new Pause(reason, offset, nanoTime, wallTime));
    }

    /** Stops a partition at the record at {@code offset}, which the error policy stopped on, at {@code wallTime}. */
    void markStopped(TopicPartition partition, long offset, Instant wallTime) {
        stopped.put(partition, new PausedPartition(partition, offset, PausedPartition.Reason.STOPPED, wallTime,
                Optional.empty()));
    }

    /** The partitions paused by a {@link Step.Waiting} answer, with why and since when. */
    Map<TopicPartition, Pause> waiting() {
        return Map.copyOf(waiting);
    }

    Set<TopicPartition> stopped() {
        return Set.copyOf(stopped.keySet());
    }

    /**
     * The partitions paused now for a reason an operator must see (the route history, the error policy; not a
     * replay's rate limit, which lasts milliseconds), paused since {@code minimum} or longer before
     * {@code now}; any thread.
     */
    List<PausedPartition> pausedPartitions(Instant now, Duration minimum) {
        List<PausedPartition> paused = new ArrayList<>(stopped.values());
        waiting.forEach((partition, pause) -> {
            if (pause.reason() instanceof Step.WaitingForRoutes routes
                    && !pause.wallTime().plus(minimum).isAfter(now)) {
                paused.add(new PausedPartition(partition, pause.offset(), PausedPartition.Reason.ROUTES,
                        pause.wallTime(), Optional.of(routes.eventTime())));
            }
        });
        return paused;
    }

    /** How many partitions are paused for {@code reason} now; any thread. */
    int paused(PauseReason reason) {
        if (reason == PauseReason.STOPPED) {
            return stopped.size();
        }
        Class<?> kind = reason == PauseReason.ROUTES ? Step.WaitingForRoutes.class : Step.Throttled.class;
        return (int) waiting.values().stream().filter(pause -> kind.isInstance(pause.reason())).count();
    }

    /** Makes a paused partition active again (resumed or rewound). */
    void activate(TopicPartition partition) {
        waiting.remove(partition);
        stopped.remove(partition);
    }

    void committed() {
        handlers.values().forEach(PartitionHandler::committed);
    }

    void aborted() {
        handlers.values().forEach(PartitionHandler::aborted);
    }

    /** Why a partition is paused, at which record and since when ({@link System#nanoTime()}, and on the wall clock). */
    record Pause(Step.Waiting reason, long offset, long since, Instant wallTime) {

        /** Whether the partition may resume at {@code nanoTime}: the throttle elapsed, or the routes are decidable. */
        boolean isOver(long nanoTime, OwnershipCheck ownership) {
            if (reason instanceof Step.Throttled throttled) {
                return nanoTime - since >= throttled.nanos();
            }
            return ownership.decidable(((Step.WaitingForRoutes) reason).eventTime());
        }
    }

    void closeAll() {
        remove(Set.copyOf(handlers.keySet()));
    }
}
