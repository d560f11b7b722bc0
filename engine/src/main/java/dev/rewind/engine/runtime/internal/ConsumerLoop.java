package dev.rewind.engine.runtime.internal;

import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.LoopExtension;
import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.PartitionListener;
import dev.rewind.engine.runtime.spi.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-transform-produce loop of one runtime, on its one consumer thread: poll, hand each
 * partition's records in offset order to its {@link PartitionHandler}, pause partitions that wait
 * for the route history or are stopped, and commit the batch transaction when it is full or old
 * enough. On a failed transaction it aborts, seeks every partition back to the first offset of the
 * transaction and drops in-memory effects, so nothing is lost or doubled.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConsumerLoop.class);

    /**
     * How the loop is set up; {@code access} says what its clients do, to name the operation Kafka denies (a
     * denial stops the instance: a missing ACL stays missing however often the batch is retried).
     */
    record Settings(List<String> topics, int maxBatchSize, Duration commitInterval, Duration pollTimeout,
                    KafkaAccessDenied.Request access) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final BatchTransaction transaction;
    private final PartitionHandlers handlers;
    private final OwnershipCheck ownership;
    private final List<PartitionListener> listeners;
    private final Settings settings;
    private final LoopEvents events;
    private final LoopExtension extension;
    private final Control control = new Control();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Per partition, the offset of the next record to handle: where an abort must return to at most. */
    private final Map<TopicPartition, Long> nextToHandle = new HashMap<>();

    /** Lifecycle callbacks to the runtime, its health and metrics. */
    interface LoopEvents {
        void running();

        /** A poll returned (with or without records). */
        void polled();

        /** The poll's records were handled, or their handling failed: per-poll metrics are flushed. */
        void handled();

        /** A rebalance assigned {@code partitions} (possibly none); their resources are being restored. */
        void restoring(Collection<TopicPartition> partitions);

        /** The resources of the partitions of the last {@link #restoring} call are restored. */
        void restored();

        void lag(TopicPartition partition, long lag);
    }

    ConsumerLoop(Consumer<byte[], byte[]> consumer, BatchTransaction transaction, PartitionHandlers handlers,
                 OwnershipCheck ownership, List<PartitionListener> listeners, Settings settings, LoopEvents events,
                 LoopExtension extension) {
        this.consumer = consumer;
        this.transaction = transaction;
        this.handlers = handlers;
        this.ownership = ownership;
        this.listeners = List.copyOf(listeners);
        this.settings = settings;
        this.events = events;
        this.extension = extension;
    }

    /** Asks the loop to finish its batch and return; callable from any thread. */
    void stop() {
        stopping.set(true);
        consumer.wakeup();
    }

    /** Runs until {@link #stop()}; closes the consumer (leaving the group) on the way out. */
    @Override
    public void run() {
        try {
            transaction.init();
            consumer.subscribe(settings.topics(), new Rebalance());
            events.running();
            loop();
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                LOGGER.atWarn().setCause(e).log("Closing the consumer failed");
            }
        }
    }

    private void loop() {
        while (!stopping.get()) {
            try {
                resumeDecidable();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                events.polled();
                try {
                    handle(records);
                } finally {
                    events.handled();
                }
                extension.afterHandle(control);
                commitPastTransactionMarkers();
                if (transaction.due(settings.maxBatchSize(), extension.commitInterval(settings.commitInterval()))) {
                    commit();
                }
                reportLag();
            } catch (WakeupException e) {
                // stop() was called; the loop condition ends the loop
            } catch (ProducerFencedException | FencedInstanceIdException e) {
                throw new ZombieException(e);
            } catch (KafkaException | RegistryUnavailableException e) {
                ZombieException.rethrowIfFenced(e);
                KafkaAccessDenied.rethrowIfDenied(e, settings.access());
                LOGGER.atWarn().setCause(e).log("Batch failed; aborting and rewinding to its first offsets");
                abortAndRewind();
            }
        }
        commitQuietly();
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (!handlers.isActive(partition)) {
                continue;
            }
            PartitionHandler handler = handlers.get(partition);
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            // The consumer's position is past all of them now: remember where they start.
            long next = batch.get(0).offset();
            nextToHandle.put(partition, next);
            try {
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    Step step;
                    transaction.handling(partition, record.offset());
                    try {
                        step = handler.handle(record);
                    } finally {
                        transaction.handling(null, -1);
                    }
                    if (step instanceof Step.Waiting waiting) {
                        consumer.pause(List.of(partition));
                        consumer.seek(partition, record.offset());
                        handlers.markWaiting(partition, waiting, record.offset(), System.nanoTime(), Instant.now());
                        logPause(partition, record, waiting);
                        break;
                    }
                    next = record.offset() + 1;
                    if (step instanceof Step.Stopped) {
                        consumer.pause(List.of(partition));
                        handlers.markStopped(partition, record.offset(), Instant.now());
                        break;
                    }
                    commitIfDue(partition, next);
                }
            } finally {
                // once per partition and poll, not per record; also when a record's handling throws
                nextToHandle.put(partition, next);
            }
        }
    }

    /**
     * Commits between a poll's records when due (as Kafka Streams does): a poll of slow events must not hold a
     * transaction past {@code transaction.timeout.ms}, or the coordinator aborts it and the poll is redone forever.
     */
    private void commitIfDue(TopicPartition partition, long next) {
        if (transaction.due(settings.maxBatchSize(), extension.commitInterval(settings.commitInterval()))) {
            nextToHandle.put(partition, next);
            commit();
        }
    }

    /**
     * A partition paused for the route history says so once per pause, with the offset and why; a
     * replay's rate limit pauses too, only at DEBUG.
     */
    private static void logPause(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Step.Waiting waiting) {
        if (!(waiting instanceof Step.WaitingForRoutes routes)) {
            LOGGER.atDebug().addKeyValue("topic", partition.topic()).addKeyValue("partition", partition.partition())
                    .addKeyValue("offset", record.offset()).addKeyValue("waitingFor", waiting).log("Partition paused");
            return;
        }
        LOGGER.atWarn().addKeyValue("topic", partition.topic()).addKeyValue("partition", partition.partition())
                .addKeyValue("offset", record.offset()).addKeyValue("eventTime", routes.eventTime())
                .log("Partition paused: the route history read does not cover the event's time yet (it is"
                        + " ahead of now plus the route margin, or the component has no route yet); it resumes"
                        + " when it does");
    }

    /**
     * Moves the offsets to commit to the consumer's position where that is past the last record
     * handled: in a {@code read_committed} consumer the position also passes transaction markers and
     * aborted records, which poll never returns. Committing last handled + 1 would leave a partition
     * ending in markers with a lag that never drops to zero.
     */
    private void commitPastTransactionMarkers() {
        for (TopicPartition partition : handlers.assigned()) {
            Long next = nextToHandle.get(partition);
            if (next == null || !handlers.isActive(partition)) {
                continue;
            }
            long position = consumer.position(partition);
            if (position > next) {
                transaction.commitOffset(partition, position, next);
                nextToHandle.put(partition, position);
            }
        }
    }

    private void resumeDecidable() {
        long now = System.nanoTime();
        handlers.waiting().forEach((partition, pause) -> {
            if (pause.isOver(now, ownership)) {
                handlers.activate(partition);
                consumer.resume(List.of(partition));
            }
        });
    }

    private void commit() {
        extension.beforeCommit();
        transaction.commit(consumer.groupMetadata());
        handlers.committed();
    }

    private void commitQuietly() {
        try {
            commit();
        } catch (ProducerFencedException | FencedInstanceIdException e) {
            throw new ZombieException(e);
        } catch (KafkaException e) {
            LOGGER.atWarn().setCause(e).log("Final commit failed; the next owner reprocesses the batch");
            transaction.abort();
            handlers.aborted();
        }
    }

    private void abortAndRewind() {
        Map<TopicPartition, Long> positions = new HashMap<>(nextToHandle);
        transaction.rewindPositions().forEach((partition, first) -> positions.merge(partition, first, Math::min));
        boolean clean;
        try {
            clean = transaction.abort();
        } catch (ProducerFencedException e) {
            throw new ZombieException(e);
        }
        if (!clean) {
            LOGGER.atWarn().log("Abort failed; replacing the producer");
            transaction.replaceProducer();
        }
        handlers.aborted();
        rewind(positions);
    }

    /**
     * Seeks the partitions back so the aborted records, and records polled but not yet handled, are
     * handled again.
     */
    private void rewind(Map<TopicPartition, Long> positions) {
        positions.forEach((partition, offset) -> {
            if (handlers.assigned().contains(partition)) {
                consumer.seek(partition, offset);
                nextToHandle.put(partition, offset);
                if (!handlers.isActive(partition)) {
                    handlers.activate(partition);
                    consumer.resume(List.of(partition));
                }
            }
        });
    }

    private void reportLag() {
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                events.lag(partition, lag.getAsLong());
            }
        }
    }

    /** What an extension may do to the loop. */
    private final class Control implements LoopExtension.Control {

        @Override
        public Consumer<byte[], byte[]> consumer() {
            return consumer;
        }

        @Override
        public void commitNow() {
            commit();
        }

        @Override
        public void seek(TopicPartition partition, long offset) {
            consumer.seek(partition, offset);
            nextToHandle.put(partition, offset);
            if (!handlers.isActive(partition)) {
                handlers.activate(partition);
                consumer.resume(List.of(partition));
            }
        }

        @Override
        public boolean isStopped(TopicPartition partition) {
            return handlers.stopped().contains(partition);
        }
    }

    /** Keeps the assignment and the transaction consistent across rebalances. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // Commit what was handled so far: the next owner starts right after it, nothing doubles.
            try {
                commit();
            } catch (ProducerFencedException | FencedInstanceIdException e) {
                throw new ZombieException(e);
            } catch (KafkaException e) {
                LOGGER.atWarn().setCause(e).log("Commit on revocation failed; aborting so the next owner"
                        + " reprocesses the batch");
                abortAndRewind();
            }
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // The offsets can no longer be committed for these partitions: abort the whole batch,
            // rewinding only the partitions still assigned.
            drop(partitions);
            abortAndRewind();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // called after every rebalance, with no partition too: the instance has joined its group
            events.restoring(partitions);
            try {
                if (partitions.isEmpty()) {
                    return;
                }
                listeners.forEach(listener -> listener.assigned(partitions));
                handlers.assign(partitions);
                LOGGER.atInfo().addKeyValue("partitions", partitions).log("Partitions assigned");
            } finally {
                events.restored();
            }
        }

        private void drop(Collection<TopicPartition> partitions) {
            handlers.remove(partitions);
            partitions.forEach(nextToHandle::remove);
            listeners.forEach(listener -> listener.removed(partitions));
            LOGGER.atInfo().addKeyValue("partitions", partitions).log("Partitions revoked");
        }
    }
}
