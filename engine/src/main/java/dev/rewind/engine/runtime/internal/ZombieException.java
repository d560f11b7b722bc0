package dev.rewind.engine.runtime.internal;

import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;

/** This instance was fenced by a newer one with the same transactional id or group membership. */
final class ZombieException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ZombieException(Throwable cause) {
        super("This instance was fenced by a newer instance with the same transactional id;"
                + " it stops (check that instance.id is unique per running instance)", cause);
    }

    /**
     * Throws a {@code ZombieException} if {@code e} or one of its causes is a fencing: a fencing reported
     * through a rebalance callback arrives wrapped by the consumer.
     */
    static void rethrowIfFenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ZombieException zombie) {
                throw zombie;
            }
            if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException) {
                throw new ZombieException(t);
            }
        }
    }
}
