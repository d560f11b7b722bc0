package dev.rewind.registry.internal.store;

/** One record to append to the schema log; a null {@code value} is a tombstone. */
public record LogEntry(String key, String value) {
    public LogEntry {
        if (key == null) {
            throw new IllegalArgumentException("a schema log entry needs a key");
        }
    }
}
