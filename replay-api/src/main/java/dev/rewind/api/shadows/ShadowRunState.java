package dev.rewind.api.shadows;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a shadow run is. */
public enum ShadowRunState {
    /** Running and reporting. */
    RUNNING,
    /** Stopped by its runner (Ctrl-C, {@code rewind shadow stop}, the console). */
    STOPPED,
    /** Its runner stopped on an error. */
    FAILED,
    /** Its runner stopped reporting (killed, or cut off from the service) and the service gave up on it. */
    EXPIRED;

    /** Whether the run has ended. */
    public boolean isTerminal() {
        return this != RUNNING;
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
    @JsonCreator
    public static ShadowRunState parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown shadow run state '" + text
                    + "': use running, stopped, failed or expired", e);
        }
    }
}
