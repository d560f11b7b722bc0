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

    /**
     * The change id of step {@code step}'s route on {@code rewind.routes} ({@code rollout-<id>-step-<n>},
     * 0-based): derived, not random, so that a driver restarted between publishing a route and recording it
     * finds the route on the route log instead of publishing it again.
     */
    public String stepChangeId(int step) {
        return "rollout-" + value + "-step-" + step;
    }

    /** The change id of the route back when the guard trips ({@code rollout-<id>-route-back}); see {@link #stepChangeId}. */
    public String routeBackChangeId() {
        return "rollout-" + value + "-route-back";
    }

    /** The change id of the route restored when an operator aborts ({@code rollout-<id>-abort}); see {@link #stepChangeId}. */
    public String abortChangeId() {
        return "rollout-" + value + "-abort";
    }

    /**
     * The id of the rollback's replay ({@code rollout-<id>-rollback}): the replay service starts a replay once
     * per id, so a driver restarted between starting it and recording it does not start a second one.
     */
    public String rollbackReplayId() {
        return "rollout-" + value + "-rollback";
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
