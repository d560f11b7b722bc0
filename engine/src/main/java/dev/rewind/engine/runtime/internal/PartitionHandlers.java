package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.Step;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
    private final Set<TopicPartition> stopped = ConcurrentHashMap.newKeySet();

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
        return handlers.containsKey(partition) && !waiting.containsKey(partition) && !stopped.contains(partition);
    }

    /** Pauses a partition whose handler answered {@code reason} at {@code nanoTime}. */
    void markWaiting(TopicPartition partition, Step.Waiting reason, long nanoTime) {
        waiting.put(partition, new Pause(reason, nanoTime));
    }

    void markStopped(TopicPartition partition) {
        stopped.add(partition);
    }

    /** The partitions paused by a {@link Step.Waiting} answer, with why and since when. */
    Map<TopicPartition, Pause> waiting() {
        return Map.copyOf(waiting);
    }

    Set<TopicPartition> stopped() {
        return Set.copyOf(stopped);
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

    /** Why a partition is paused and since when ({@link System#nanoTime()}). */
    record Pause(Step.Waiting reason, long since) {

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
