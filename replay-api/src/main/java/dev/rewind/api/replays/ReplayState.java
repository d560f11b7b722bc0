package dev.rewind.api.replays;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a replay is, aggregated over its partitions (see protocol/REPLAY-PROTOCOL.md). */
public enum ReplayState {
    /** Accepted; no instance has recorded a partition plan yet. */
    PENDING,
    /** At least one partition is planned and not all are finished. */
    RUNNING,
    /** Every partition reached its target. */
    COMPLETED,
    /** Every partition finished and at least one failed. */
    FAILED,
    /** Cancelled before every partition reached its target; what was committed stays. */
    CANCELLED;

    /** Whether the replay will not change any more. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The lower-case name used in the API. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the API form, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ReplayState parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown replay state '" + text
                    + "': use pending, running, completed, failed or cancelled", e);
        }
    }
}
