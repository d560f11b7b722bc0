package dev.rewind.protocol.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event-time window of a replay, {@code [from, to)}: an event belongs to it when its time (the
 * Kafka record timestamp) is at or after {@code from} and before {@code to}.
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
            throw new IllegalArgumentException("Replay window must have from < to, was [" + from + ", " + to
                    + "); pass a 'to' after 'from'");
        }
    }

    /** The window {@code [from, to)}. */
    public static ReplayWindow of(Instant from, Instant to) {
        return new ReplayWindow(from, to);
    }

    /** Whether an event at {@code time} belongs to the window. */
    public boolean contains(Instant time) {
        return !time.isBefore(from) && time.isBefore(to);
    }

    /** {@code to - from}. */
    public Duration length() {
        return Duration.between(from, to);
    }

    /** Whether the two windows share at least one instant. */
    public boolean overlaps(ReplayWindow other) {
        return from.isBefore(other.to) && other.from.isBefore(to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
