package dev.rewind.engine.runtime.internal;

/**
 * Something holding in-memory effects of the open transaction (dedupe entries, state writes) that
 * must become visible only if the transaction commits.
 */
interface TransactionParticipant {

    /** The transaction committed: make its effects visible. */
    void committed();

    /** The transaction was aborted or its outcome is unknown: drop its effects. */
    void aborted();
}
