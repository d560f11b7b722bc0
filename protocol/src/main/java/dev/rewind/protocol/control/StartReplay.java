package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A START command (key {@code command/<replayId>}, protocol/REPLAY-PROTOCOL.md): replay the events of {@code selector}
 * in {@code window} through {@code target}. Written by the replay service alone; engines of {@code target}
 * act on it, the service lists it.
 *
 * @param replayId the replay
 * @param target the component version that reprocesses
 * @param selector the cohort
 * @param window the event-time window
 * @param dryRun sandbox only: compute what would change, commit nothing
 * @param maxEventsPerSecond throttle of reprocessed events per partition; empty for none
 * @param reason why, as the caller gave it
 * @param author who asked
 * @param requestedAt when the service accepted the request (its clock)
 * @param events for a redrive (action {@code REDRIVE}), the only source records to reprocess; empty
 *     for a replay. A redrive reprocesses its records whoever owns them and at the version's current
 *     entity state (no rewind to {@code from}): it delivers dead letters, it does not rebuild a window.
 */
public record StartReplay(ReplayId replayId, ComponentVersion target, CohortSelector selector, ReplayWindow window,
        boolean dryRun, OptionalDouble maxEventsPerSecond, String reason, String author, Instant requestedAt,
        Optional<EventSelection> events) implements ControlValue {

    /** A replay (no event selection). */
    public StartReplay(ReplayId replayId, ComponentVersion target, CohortSelector selector, ReplayWindow window,
            boolean dryRun, OptionalDouble maxEventsPerSecond, String reason, String author, Instant requestedAt) {
        this(replayId, target, selector, window, dryRun, maxEventsPerSecond, reason, author, requestedAt,
                Optional.empty());
    }

    /** Validates. */
    public StartReplay {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(maxEventsPerSecond, "maxEventsPerSecond");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(events, "events");
        reason = reason == null ? "" : reason;
        author = author == null ? "" : author;
        if (maxEventsPerSecond.isPresent() && !(maxEventsPerSecond.getAsDouble() > 0)) {
            throw new IllegalArgumentException("maxEventsPerSecond of replay " + replayId
                    + " must be positive, was " + maxEventsPerSecond.getAsDouble() + "; leave it out for no limit");
        }
    }

    /** Whether this is a redrive: only the selected source records are reprocessed. */
    public boolean isRedrive() {
        return events.isPresent();
    }

    /** This command stamped at another time (after a route override was acknowledged). */
    public StartReplay requestedAt(Instant time) {
        return new StartReplay(replayId, target, selector, window, dryRun, maxEventsPerSecond, reason, author, time,
                events);
    }

    /** The key this command is written under. */
    public ControlKey key() {
        return ControlKey.of(ControlKey.Kind.COMMAND, replayId, Optional.empty());
    }

    /** The record written to {@code rewind.control}. */
    public ReplayCommand toAvro() {
        return command(replayId, target, selector, window)
                .setDryRun(dryRun)
                .setMaxEventsPerSecond(maxEventsPerSecond.isPresent() ? maxEventsPerSecond.getAsDouble() : null)
                .setReason(reason)
                .setAuthor(author)
                .setRequestedAt(requestedAt)
                .setAction(events.isPresent() ? ReplayAction.REDRIVE : ReplayAction.START)
                .setEvents(events.map(EventSelection::toAvro).orElse(null))
                .build();
    }

    /** A command record's builder with the fields START and CANCEL share. */
    static ReplayCommand.Builder command(ReplayId replayId, ComponentVersion target, CohortSelector selector,
            ReplayWindow window) {
        return ReplayCommand.newBuilder()
                .setReplayId(replayId.value())
                .setComponent(target.component())
                .setVersion(target.version())
                .setSelector(selector.toString())
                .setFrom(window.from())
                .setTo(window.to());
    }

    /**
     * Reads a START or REDRIVE record.
     *
     * @throws IllegalArgumentException if it is invalid (a REDRIVE without events, a START with some)
     */
    public static StartReplay fromAvro(ReplayCommand command) {
        boolean redrive = command.getAction() == ReplayAction.REDRIVE;
        if (redrive != (command.getEvents() != null)) {
            throw new IllegalArgumentException("Replay command " + command.getReplayId() + ": " + command.getAction()
                    + (redrive ? " without" : " with") + " selected events");
        }
        Double rate = command.getMaxEventsPerSecond();
        return new StartReplay(ReplayId.of(command.getReplayId()),
                new ComponentVersion(command.getComponent(), command.getVersion()),
                CohortSelector.parse(command.getSelector()),
                new ReplayWindow(command.getFrom(), command.getTo()), command.getDryRun(),
                rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate), command.getReason(),
                command.getAuthor(), command.getRequestedAt(),
                redrive ? Optional.of(EventSelection.fromAvro(command.getEvents())) : Optional.empty());
    }
}
