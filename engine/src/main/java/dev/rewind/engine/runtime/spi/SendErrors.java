package dev.rewind.engine.runtime.spi;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Tells a send failure that will come back on every retry of the same record from one that may
 * pass: the first kind must dead-letter the record and let processing go on, the second aborts and
 * retries the batch. Retrying a permanent failure stalls every partition of the version forever.
 *
 * <p>Permanent, because of the record or its destination, not the cluster's health: the record or
 * its batch is too large for {@code max.request.size}, {@code buffer.memory} or the topic's
 * {@code max.message.bytes} ({@link RecordTooLargeException}, {@link RecordBatchTooLargeException}),
 * the broker refuses its content ({@link InvalidRecordException}), it cannot be serialized
 * ({@link SerializationException}), its topic name is invalid ({@link InvalidTopicException}) or not
 * authorized ({@link AuthorizationException}), or its topic does not exist
 * ({@link UnknownTopicOrPartitionException}, or the producer's metadata wait timing out with "not
 * present in metadata", which is how a deleted topic shows when the broker does not create topics).
 * Everything else (timeouts of a reachable topic, leader changes, fencing) is left to the loop.
 */
public final class SendErrors {

    /** How the producer reports a topic it never finds in the metadata (KafkaProducer#waitOnMetadata). */
    private static final String NOT_IN_METADATA = "not present in metadata";

    private SendErrors() {
    }

    /**
     * Whether {@code failure} will repeat on every retry of the record whose send it failed.
     *
     * <p>Only the exception itself counts, not its causes: in a transaction, a failed send fails
     * the sends after it and the batches in flight with exceptions caused by the first failure, and
     * those records are not at fault.
     */
    public static boolean isPermanent(Throwable failure) {
        if (failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException || failure instanceof SerializationException
                || failure instanceof InvalidTopicException || failure instanceof AuthorizationException
                || failure instanceof UnknownTopicOrPartitionException) {
            return true;
        }
        return failure instanceof TimeoutException && failure.getMessage() != null
                && failure.getMessage().contains(NOT_IN_METADATA);
    }
}
