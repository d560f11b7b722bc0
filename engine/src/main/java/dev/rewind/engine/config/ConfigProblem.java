package dev.rewind.engine.config;

import dev.rewind.clients.ClientSettings;
import java.util.Objects;

/**
 * One invalid setting found at start-up.
 *
 * @param key the setting's key, e.g. {@code dedupe.window.ms}
 * @param value the rejected value as given (may be {@code null} when missing); printed as
 *     {@code [hidden]} for keys that may carry a secret
 * @param message why it was rejected and how to fix it
 */
public record ConfigProblem(String key, Object value, String message) {

    /** Validates the fields. */
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return key + "=" + (value == null ? "<missing>" : "'" + ClientSettings.printable(key, value) + "'")
                + ": " + message;
    }
}
