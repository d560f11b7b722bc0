package dev.rewind.engine.routing;

import dev.rewind.engine.processor.ComponentVersion;
import java.time.Instant;
import java.util.Objects;

/**
 * The answer to "which version processes this event?" given what a {@link RouteLog} has read so
 * far.
 */
public sealed interface Ownership permits Ownership.Owned, Ownership.Unrouted, Ownership.Undecided {

    /** Whether {@code version} owns the event; {@code false} also while undecided. */
    default boolean isOwnedBy(ComponentVersion version) {
        return this instanceof Owned owned && owned.owner().equals(version);
    }

    /**
     * One version owns the event; final.
     *
     * @param owner the owner
     */
    record Owned(ComponentVersion owner) implements Ownership {
        /** Validates. */
        public Owned {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * No route (or no channel version) applies to the event: no version processes it; final.
     */
    record Unrouted() implements Ownership {
    }

    /**
     * The event is newer than the route history read so far: a change not yet read could still
     * apply to it. The caller must not process or skip it yet, but retry once the route log's
     * horizon has moved past the event time.
     *
     * @param horizon the current horizon, at or before the event time
     */
    record Undecided(Instant horizon) implements Ownership {
        /** Validates. */
        public Undecided {
            Objects.requireNonNull(horizon, "horizon");
        }
    }
}
