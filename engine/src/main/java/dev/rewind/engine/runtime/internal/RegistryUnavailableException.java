package dev.rewind.engine.runtime.internal;

/** The schema registry failed for a reason that is not the event's fault; the batch is retried. */
public final class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(Throwable cause) {
        super("Schema registry unavailable: " + cause.getMessage(), cause);
    }
}
