package dev.rewind.replaytool.access;

import java.util.Locale;

/**
 * What a token may do. An operator may do everything a viewer may.
 */
public enum Role {
    /** Reads: replays, routes, channels, components, audit. */
    VIEWER,
    /** Reads and changes: starts and cancels replays, sets and removes routes and channels. */
    OPERATOR;

    /** Whether this role includes {@code required}. */
    public boolean allows(Role required) {
        return this == OPERATOR || required == VIEWER;
    }

    /**
     * Parses {@code viewer} or {@code operator}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown role '" + text + "': use viewer or operator", e);
        }
    }

    /** Lower-case name as written in token files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
