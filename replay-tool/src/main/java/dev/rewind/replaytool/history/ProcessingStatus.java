package dev.rewind.replaytool.history;

import java.util.Locale;

/** How one processing of an event ended, as recorded in its outcome. */
public enum ProcessingStatus {
    OK, ERROR, SKIPPED_DUP;

    /** The lower-case name used in URLs ({@code status=error}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@code ok}, {@code error} or {@code skipped-dup} (case-insensitive, {@code _} or {@code -}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ProcessingStatus parse(String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ProcessingStatus s : values()) {
            if (s.name().equals(normal)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + text + "'; use ok, error or skipped-dup");
    }
}
