package dev.rewind.schemas.serde.internal;

/**
 * An Avro binary body that does not match its writer's schema (truncated, a bad length, index or
 * varint). Carries no stack trace: the reader that catches it reports the value, not the frames.
 */
public final class AvroFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    AvroFormatException(String message) {
        super(message, null, false, false);
    }
}
