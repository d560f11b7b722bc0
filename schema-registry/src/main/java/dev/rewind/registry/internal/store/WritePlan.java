package dev.rewind.registry.internal.store;

import java.util.List;

/** What a write decided: the entries to commit (none for a no-op) and the answer to give once they are. */
public record WritePlan<T>(List<LogEntry> entries, T result) {
    public WritePlan {
        entries = List.copyOf(entries);
    }

    public static <T> WritePlan<T> nothing(T result) {
        return new WritePlan<>(List.of(), result);
    }
}
