package dev.rewind.engine.replay;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.CohortSelector;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A START command as the engine acts on it: replay the events of {@code selector} in
 * {@code window} through {@code target}.
 *
 * @param replayId the replay
 * @param target the component version that reprocesses
 * @param selector the cohort
 * @param window the event-time window
 * @param dryRun sandbox only: compute what would change, commit nothing
 * @param maxEventsPerSecond throttle of reprocessed events per partition; empty for none
 * @param requestedAt when the service accepted the request (its clock)
 * @param reason why, for the logs
 */
public record ReplayRequest(ReplayId replayId, ComponentVersion target, CohortSelector selector,
        ReplayWindow window, boolean dryRun, OptionalDouble maxEventsPerSecond, Instant requestedAt,
        String reason) {

    /** Validates. */
    public ReplayRequest {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(maxEventsPerSecond, "maxEventsPerSecond");
        Objects.requireNonNull(requestedAt, "requestedAt");
        reason = reason == null ? "" : reason;
        if (maxEventsPerSecond.isPresent() && !(maxEventsPerSecond.getAsDouble() > 0)) {
            throw new IllegalArgumentException("maxEventsPerSecond of replay " + replayId
                    + " must be positive, was " + maxEventsPerSecond.getAsDouble());
        }
    }

    /**
     * Reads a START command.
     *
     * @throws IllegalArgumentException if it is invalid or not a START
     */
    public static ReplayRequest fromAvro(ReplayCommand command) {
        if (command.getAction() != ReplayAction.START) {
            throw new IllegalArgumentException("Replay command " + command.getReplayId() + " is a "
                    + command.getAction() + ", not a START");
        }
        Double rate = command.getMaxEventsPerSecond();
        return new ReplayRequest(ReplayId.of(command.getReplayId()),
                new ComponentVersion(command.getComponent(), command.getVersion()),
                CohortSelector.parse(command.getSelector()),
                new ReplayWindow(command.getFrom(), command.getTo()), command.getDryRun(),
                rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate),
                command.getRequestedAt(), command.getReason());
    }

    /** The limiter this request asks for, new for each partition. */
    public RateLimiter newRateLimiter() {
        return RateLimiter.forRate(maxEventsPerSecond);
    }
}
