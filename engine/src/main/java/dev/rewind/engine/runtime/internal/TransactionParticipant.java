package dev.rewind.engine.runtime.internal;

import org.apache.kafka.clients.producer.Producer;

/**
 * Something holding in-memory effects of the open transaction (dedupe entries, state writes) that
 * must become visible only if the transaction commits.
 */
public interface TransactionParticipant {

    /** The transaction is about to commit: send what must be part of it (e.g. changelog records). */
    default void beforeCommit(Producer<byte[], byte[]> producer) {
    }

    /** The transaction committed: make its effects visible. */
    void committed();

    /** The transaction was aborted or its outcome is unknown: drop its effects. */
    void aborted();
}
