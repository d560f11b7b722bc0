package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.runtime.internal.TransactionParticipant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka transaction of one batch: everything sent while it is open, and the source offsets it
 * covers, commit together (EOS v2: offsets through {@code sendOffsetsToTransaction} with the
 * consumer's group metadata, so a zombie of an older generation is fenced by the coordinator).
 *
 * <p>It remembers, per source partition, the first offset handled in the open transaction, so that
 * an abort can seek the consumer back there without asking the broker. Used by the consumer thread
 * only.
 */
public final class BatchTransaction {

    private static final Logger LOGGER = LoggerFactory.getLogger(BatchTransaction.class);

    private final Supplier<Producer<byte[], byte[]>> producerFactory;
    private final Clock clock;
    private final List<TransactionParticipant> participants = new ArrayList<>();
    /** Per source partition of the open transaction: where an abort rewinds to and the offset to commit. */
    private final Map<TopicPartition, Offsets> offsets = new HashMap<>();
    private final UnwritableRecords unwritable = new UnwritableRecords();
    private TopicPartition sourcePartition;
    private long sourceOffset;
    private Producer<byte[], byte[]> producer;
    private boolean open;
    private long openedAtMillis;
    private int events;
    private int sent;

    public BatchTransaction(Supplier<Producer<byte[], byte[]>> producerFactory, Clock clock) {
        this.producerFactory = producerFactory;
        this.clock = clock;
    }

    /** Creates the producer and initializes transactions, fencing an older producer of the same id. */
    public void init() {
        producer = producerFactory.get();
        producer.initTransactions();
    }

    public void register(TransactionParticipant participant) {
        participants.add(participant);
    }

    /**
     * Attributes the sends that follow to the source record being handled, so a send that fails
     * permanently marks that record {@linkplain UnwritableRecords unwritable}; {@code null} for sends of
     * no record.
     */
    public void handling(ConsumerRecord<?, ?> source) {
        handling(source == null ? null : new TopicPartition(source.topic(), source.partition()),
                source == null ? -1 : source.offset());
    }

    /** As {@link #handling(ConsumerRecord)}, for a record of {@code partition} at {@code offset}, without allocating. */
    public void handling(TopicPartition partition, long offset) {
        sourcePartition = partition;
        sourceOffset = partition == null ? -1 : offset;
    }

    /** The source records whose writes failed permanently in aborted transactions. */
    public UnwritableRecords unwritable() {
        return unwritable;
    }

    /** Sends a record in the transaction, opening it if needed. */
    public void send(ProducerRecord<byte[], byte[]> record) {
        ensureOpen();
        TopicPartition partition = sourcePartition;
        long offset = sourceOffset;
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    unwritable.sendFailed(partition, offset, failure);
                }
            });
        } catch (RuntimeException e) {
            unwritable.sendFailed(partition, offset, e);
            throw e;
        }
        sent++;
    }

    /** Notes that {@code offset} of {@code partition} is handled; its commit moves past it. */
    public void handled(TopicPartition partition, long offset) {
        ensureOpen();
        offsetsOf(partition, offset).next = offset + 1;
        events++;
    }

    /**
     * Moves the offset this transaction commits for {@code partition} to {@code next} without handling
     * a record: a replay moving the committed offset back to its start, or past its range when
     * cancelled. An abort seeks the partition back to {@code rewindTo} at most.
     */
    public void commitOffset(TopicPartition partition, long next, long rewindTo) {
        ensureOpen();
        offsetsOf(partition, rewindTo).next = next;
    }

    private Offsets offsetsOf(TopicPartition partition, long first) {
        Offsets current = offsets.get(partition);
        if (current == null) {
            current = new Offsets(first);
            offsets.put(partition, current);
        }
        return current;
    }

    public boolean isOpen() {
        return open;
    }

    public int events() {
        return events;
    }

    /**
     * Whether the batch is due for commit: open for at least {@code interval} (Kafka Streams'
     * {@code commit.interval.ms}), or holding {@code maxEvents} events that wrote something.
     */
    public boolean due(int maxEvents, Duration interval) {
        // A batch that only moves offsets (events skipped for another version) costs a transaction
        // round trip per commit and nothing else: let it grow until the interval, not the size.
        return open && ((sent > 0 && events >= maxEvents)
                || clock.millis() - openedAtMillis >= interval.toMillis());
    }

    /** The first offset handled per partition in the open transaction: where an abort rewinds to. */
    public Map<TopicPartition, Long> rewindPositions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        offsets.forEach((partition, range) -> positions.put(partition, range.first));
        return Map.copyOf(positions);
    }

    /** Partitions with events in the open transaction. */
    public Set<TopicPartition> partitions() {
        return Set.copyOf(offsets.keySet());
    }

    /**
     * Commits the offsets and the transaction; a no-op when nothing is open.
     *
     * @throws org.apache.kafka.common.KafkaException if the commit failed; the caller must
     *     {@link #abort()} (or re-create the producer when fenced)
     */
    public void commit(ConsumerGroupMetadata group) {
        if (!open) {
            return;
        }
        for (TransactionParticipant participant : participants) {
            participant.beforeCommit(producer);
        }
        if (!offsets.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            offsets.forEach((partition, range) -> next.put(partition, new OffsetAndMetadata(range.next)));
            producer.sendOffsetsToTransaction(next, group);
        }
        producer.commitTransaction();
        LOGGER.atDebug().addKeyValue("events", events).log("Transaction committed");
        reset();
        unwritable.committed();
        participants.forEach(TransactionParticipant::committed);
    }

    /**
     * Aborts the open transaction and drops in-memory effects.
     *
     * @return {@code false} if the producer could not abort (it is in a fatal state and must be
     *     {@linkplain #replaceProducer() replaced}; the coordinator aborts on fencing or timeout)
     */
    public boolean abort() {
        boolean clean = true;
        if (open) {
            try {
                producer.abortTransaction();
            } catch (ProducerFencedException e) {
                reset();
                participants.forEach(TransactionParticipant::aborted);
                throw e;
            } catch (RuntimeException e) {
                LOGGER.atWarn().setCause(e).log("Abort failed");
                clean = false;
            }
        }
        reset();
        unwritable.aborted();
        participants.forEach(TransactionParticipant::aborted);
        return clean;
    }

    /** Drops the current producer (after a fatal error) and creates a new one. */
    public void replaceProducer() {
        closeProducer(Duration.ZERO);
        reset();
        unwritable.aborted();
        participants.forEach(TransactionParticipant::aborted);
        init();
    }

    public void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOGGER.atWarn().setCause(e).log("Closing the producer failed");
            }
            producer = null;
        }
    }

    private void ensureOpen() {
        if (!open) {
            producer.beginTransaction();
            open = true;
            openedAtMillis = clock.millis();
        }
    }

    private void reset() {
        open = false;
        events = 0;
        sent = 0;
        offsets.clear();
    }

    /** The first offset handled in the open transaction and the next offset to commit, of one partition. */
    private static final class Offsets {
        private final long first;
        private long next;

        Offsets(long first) {
            this.first = first;
            this.next = first;
        }
    }
}
