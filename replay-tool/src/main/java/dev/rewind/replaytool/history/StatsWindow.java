package dev.rewind.replaytool.history;

import java.time.Duration;

/** The spans statistics can be asked over: the last 1, 15 or 60 one-minute windows. */
public enum StatsWindow {
    ONE_MINUTE("1m", 1), FIFTEEN_MINUTES("15m", 15), ONE_HOUR("1h", 60);

    private final String label;
    private final int minutes;

    StatsWindow(String label, int minutes) {
        this.label = label;
        this.minutes = minutes;
    }

    /** {@code 1m}, {@code 15m} or {@code 1h}. */
    public String label() {
        return label;
    }

    /** The span. */
    public Duration duration() {
        return Duration.ofMinutes(minutes);
    }

    /**
     * Parses a label.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static StatsWindow parse(String text) {
        for (StatsWindow w : values()) {
            if (w.label.equals(text)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown window '" + text + "'; use 1m, 15m or 1h");
    }
}
