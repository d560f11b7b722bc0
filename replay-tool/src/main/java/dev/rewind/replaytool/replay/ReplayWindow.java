package dev.rewind.replaytool.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event-time window {@code [from, to)} a replay covers.
 *
 * @param from inclusive start
 * @param to exclusive end, after {@code from}
 */
public record ReplayWindow(Instant from, Instant to) {

    /** Validates that the window is not empty. */
    public ReplayWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("Replay window [" + from + ", " + to
                    + ") is empty: 'from' must be before 'to'");
        }
    }

    /** How long the window is. */
    public Duration length() {
        return Duration.between(from, to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
