package dev.rewind.registry.internal.store;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Names the ACL a store write was refused for: Kafka's own messages ("Transactional Id authorization failed.")
 * say neither the resource nor the operation, and a missing ACL stays missing however often the write is retried.
 */
final class StoreAccess {

    private static final String ACL_DOC = " (the registry's ACLs are in README \"ACLs\" and docs/acls/rewind-acls.sh)";

    private StoreAccess() {
    }

    /** Whether {@code e} or one of its causes is an authorization failure. */
    static boolean isDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    /** A sentence naming the resource and the operation to grant, or "" when {@code e} is no authorization failure. */
    static String deniedWrite(Throwable e, String topic, String transactionalId) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransactionalIdAuthorizationException) {
                return "; Kafka denied WRITE on TransactionalId '" + transactionalId + "': grant the registry's"
                        + " principal WRITE on it" + ACL_DOC;
            }
            if (t instanceof TopicAuthorizationException) {
                return "; Kafka denied WRITE on Topic '" + topic + "': grant the registry's principal WRITE on it"
                        + ACL_DOC;
            }
            if (t instanceof AuthorizationException) {
                return "; Kafka denied the write: " + t.getMessage() + ACL_DOC;
            }
        }
        return "";
    }
}
