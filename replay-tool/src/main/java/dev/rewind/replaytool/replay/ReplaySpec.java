package dev.rewind.replaytool.replay;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.routing.CohortSelector;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a replay was asked to do, as recorded in its START command.
 *
 * @param id the replay id
 * @param target component and version the events are replayed through
 * @param cohort which events
 * @param window which event times
 * @param dryRun compare in a sandbox instead of committing
 * @param maxEventsPerSecond throttle for reprocessed events, empty for none
 * @param reason why, as given by the caller
 * @param author who asked
 * @param requestedAt when the service accepted it
 */
public record ReplaySpec(ReplayId id, ComponentVersion target, CohortSelector cohort, ReplayWindow window,
        boolean dryRun, OptionalDouble maxEventsPerSecond, String reason, String author, Instant requestedAt) {

    /** Validates. */
    public ReplaySpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(maxEventsPerSecond, "maxEventsPerSecond");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (maxEventsPerSecond.isPresent() && !(maxEventsPerSecond.getAsDouble() > 0)) {
            throw new IllegalArgumentException("maxEventsPerSecond must be positive, was "
                    + maxEventsPerSecond.getAsDouble() + "; leave it out for no limit");
        }
    }
}
