package dev.rewind.registry.internal.store;

/**
 * One record read from the schema log. {@code value} is null for a tombstone (a permanent delete).
 */
public record LogRecord(long offset, String key, String value) {
    public LogRecord {
        if (key == null) {
            throw new IllegalArgumentException("a schema log record needs a key (offset " + offset + ")");
        }
    }
}
