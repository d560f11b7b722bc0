package dev.rewind.replaytool.history.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times in query parameters: ISO-8601 instants ({@code 2026-11-26T10:00:00Z}), epoch milliseconds,
 * {@code now}, or {@code now-15m} ({@code s}, {@code m}, {@code h}, {@code d}), from {@link #MIN}
 * to {@link #MAX}: Kafka record timestamps are epoch milliseconds from 0, and a time outside that
 * range cannot name an event (nor be converted to milliseconds without overflow).
 */
public final class TimeParam {

    /** The earliest time accepted: the epoch. */
    public static final Instant MIN = Instant.EPOCH;
    /** The latest time accepted: the end of year 9999. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d{1,9})([smhd]))?");

    private TimeParam() {
    }

    /**
     * Parses {@code text} relative to {@code now}.
     *
     * @throws IllegalArgumentException with a sentence naming the parameter and the accepted forms
     */
    public static Instant parse(String name, String text, Instant now) {
        Instant time = parseUnbounded(name, text, now);
        if (time.isBefore(MIN) || time.isAfter(MAX)) {
            throw new IllegalArgumentException(name + " '" + text + "' is out of range; use a time from " + MIN
                    + " to " + MAX);
        }
        return time;
    }

    private static Instant parseUnbounded(String name, String text, Instant now) {
        String t = text.trim();
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            if (m.group(1) == null) {
                return now;
            }
            long amount = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(d);
        }
        if (t.matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a time; use ISO-8601 "
                    + "(2026-11-26T10:00:00Z), epoch milliseconds, now or now-15m");
        }
    }
}
