package dev.rewind.engine.runtime.spi;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Work the consumer loop does besides handling records, at fixed points of each iteration: replays
 * start, are cancelled and finish there, and report progress in the transaction that commits the
 * offsets they describe. Consumer thread only.
 */
public interface LoopExtension {

    /** Called after each poll's records were handled, before the commit check. */
    void afterHandle(Control control);

    /** Called right before a transaction commits; records sent now commit with it. */
    void beforeCommit();

    /**
     * The commit interval to use now, given the configured {@code commit.interval.ms}: an extension
     * whose work makes frequent commits pointless may stretch it (a replay, while no assigned
     * partition is live). Called once per loop iteration; the default keeps the configured one.
     */
    default Duration commitInterval(Duration configured) {
        return configured;
    }

    /** What the loop lets an extension do. */
    public interface Control {

        /** The loop's consumer, for positions and offset look-ups (not for polling or committing). */
        Consumer<byte[], byte[]> consumer();

        /**
         * Commits the open transaction now.
         *
         * @throws org.apache.kafka.common.KafkaException if it fails; the loop then aborts and rewinds
         */
        void commitNow();

        /** Moves an assigned partition to {@code offset} and makes it active, keeping the loop's bookkeeping right. */
        void seek(TopicPartition partition, long offset);

        /** Whether the error policy stopped the partition. */
        boolean isStopped(TopicPartition partition);
    }
}
