package dev.rewind.clients;

import java.util.Objects;

/**
 * One client setting that cannot be used.
 *
 * @param key the setting as written, with its prefix
 * @param value its value as written (rendered {@code [hidden]} by {@link #toString()} when it may be a secret)
 * @param reason why, and what to do instead
 */
public record ClientConfigProblem(String key, Object value, String reason) {

    public ClientConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code key=value: reason}, the value hidden for keys that may carry a secret. */
    @Override
    public String toString() {
        return key + "=" + ClientSettings.printable(key, value) + ": " + reason;
    }
}
