package dev.rewind.engine.runtime.spi;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides, record by record, what happens to one assigned source partition. The consumer loop owns
 * polling, pausing and the transaction; a handler only handles records in offset order and says
 * what the loop should do next. Live processing is one handler; a replay of the partition is
 * another, swapped in and out by {@link PartitionHandlers}.
 *
 * <p>Called by the consumer thread only.
 */
public interface PartitionHandler {

    TopicPartition partition();

    /**
     * Handles one record. A {@link Step.Handled} answer has put the record's offset into the open
     * transaction; a {@link Step.Waiting} answer says what to wait for before the record is given
     * again.
     */
    Step handle(ConsumerRecord<byte[], byte[]> record);

    /** The transaction holding this partition's handled records committed. */
    default void committed() {
    }

    /** The transaction was aborted: the loop seeks back; drop anything kept about handled records. */
    default void aborted() {
    }

    /** The partition was revoked or lost, or the runtime stops. */
    default void close() {
    }
}
