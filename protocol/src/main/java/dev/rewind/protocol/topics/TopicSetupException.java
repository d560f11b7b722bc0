package dev.rewind.protocol.topics;

/**
 * A rewind topic could not be created, described or used as it is; the message names the topic and the fix.
 * Not transient: retrying without changing the cluster or the rights fails the same way.
 */
public class TopicSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message naming the topic and the fix. */
    public TopicSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
