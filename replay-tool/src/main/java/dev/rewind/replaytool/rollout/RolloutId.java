package dev.rewind.replaytool.rollout;

import java.util.UUID;

/**
 * A rollout's id: a UUID, the key of its record on {@code rewind.rollouts}.
 *
 * @param value the UUID text
 */
public record RolloutId(String value) {

    /** Validates. */
    public RolloutId {
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("A rollout id is a UUID, was '" + value + "'", e);
        }
    }

    /** A new random id. */
    public static RolloutId random() {
        return new RolloutId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
