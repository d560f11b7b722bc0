package dev.rewind.registry.internal.store;

/** Another registry instance began a write while this one was deciding; decide again on the newer log. */
public final class WriteConflictException extends RuntimeException {

    public WriteConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
