package dev.rewind.registry.internal.store;

/** The schema log could not be read or written (broker unreachable, timeout, not authorised ...). */
public final class SchemaLogException extends RuntimeException {

    public SchemaLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
