package dev.rewind.engine.processor;

/**
 * The unique id of an event, taken from the {@code eventId} field every event record carries.
 *
 * <p>The engine drops a second processing of the same id within its dedupe window, so producers
 * must keep an id stable across their own retries.
 *
 * @param value the id, not blank, at most 512 characters
 */
public record EventId(String value) {

    /** Maximum length, so that ids fit comfortably in keys and headers. */
    public static final int MAX_LENGTH = 512;

    /** Validates the id. */
    public EventId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Event id must not be blank: every event record needs"
                    + " a non-empty top-level 'eventId' field");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Event id is " + value.length()
                    + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
    }

    /** Shorthand for {@code new EventId(value)}. */
    public static EventId of(String value) {
        return new EventId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
