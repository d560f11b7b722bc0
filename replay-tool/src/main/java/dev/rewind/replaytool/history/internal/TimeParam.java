package dev.rewind.replaytool.history.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times in query parameters: ISO-8601 instants ({@code 2026-11-26T10:00:00Z}), epoch milliseconds,
 * {@code now}, or {@code now-15m} ({@code s}, {@code m}, {@code h}, {@code d}).
 */
public final class TimeParam {

    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d{1,9})([smhd]))?");

    private TimeParam() {
    }

    /**
     * Parses {@code text} relative to {@code now}.
     *
     * @throws IllegalArgumentException with a sentence naming the parameter and the accepted forms
     */
    public static Instant parse(String name, String text, Instant now) {
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
