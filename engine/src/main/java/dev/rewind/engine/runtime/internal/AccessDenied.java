package dev.rewind.engine.runtime.internal;

import java.util.Set;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Authentication and authorization failures are not transient: retrying the batch would loop for
 * ever (a missing ACL stays missing), so they stop the instance with a message that names the
 * resource, the operation to grant and where the ACLs are listed.
 */
final class AccessDenied {

    private static final String ACL_DOC = " (the ACLs a version needs are listed in README \"Production cluster\""
            + " and created by docs/acls/rewind-acls.sh)";

    private AccessDenied() {
    }

    /** Throws {@link AccessDeniedException} when {@code e} or one of its causes is an auth failure. */
    static void rethrowIfDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException || t instanceof AuthenticationException) {
                throw new AccessDeniedException(describe(t), t);
            }
        }
    }

    static String describe(Throwable t) {
        if (t instanceof GroupAuthorizationException group) {
            return "Kafka denied access to Group '" + group.groupId() + "': grant the instance's principal READ on"
                    + " Group '" + group.groupId() + "'" + ACL_DOC;
        }
        if (t instanceof TopicAuthorizationException topic) {
            Set<String> topics = topic.unauthorizedTopics();
            return "Kafka denied access to Topic " + (topics.isEmpty() ? "(unnamed)" : topics) + ": grant the"
                    + " instance's principal READ on its sources, rewind.routes and rewind.control, WRITE on its"
                    + " outputs, rewind.outcomes and its dead-letter topic" + ACL_DOC + "; broker said: "
                    + t.getMessage();
        }
        if (t instanceof TransactionalIdAuthorizationException) {
            return "Kafka denied access to TransactionalId: grant the instance's principal WRITE and DESCRIBE on"
                    + " TransactionalId prefix '<component>.<version>.'" + ACL_DOC + "; broker said: " + t.getMessage();
        }
        if (t instanceof ClusterAuthorizationException) {
            return "Kafka denied a Cluster operation: " + t.getMessage() + ACL_DOC;
        }
        if (t instanceof AuthenticationException) {
            return "Kafka refused to authenticate this instance: " + t.getMessage() + "; check security.protocol,"
                    + " sasl.mechanism and sasl.jaas.config (or ssl.keystore.*)";
        }
        return "Kafka denied access: " + t.getMessage() + ACL_DOC;
    }

    /** An authentication or authorization failure that retrying cannot cure. */
    static final class AccessDeniedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AccessDeniedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
