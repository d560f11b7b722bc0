package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A CANCEL command (key {@code command/<replayId>/cancel}, protocol/REPLAY-PROTOCOL.md): stop a replay where each partition
 * is; what was committed stays. Written by the replay service. The record repeats what the replay was (target,
 * cohort, window) so a reader that never saw the START still knows what was cancelled.
 *
 * @param replayId the replay cancelled
 * @param target the version replaying
 * @param selector the replay's cohort
 * @param window the replay's window
 * @param author who cancelled it
 * @param requestedAt when the service accepted the cancel
 */
public record CancelReplay(ReplayId replayId, ComponentVersion target, CohortSelector selector, ReplayWindow window,
        String author, Instant requestedAt) implements ControlValue {

    /** Validates. */
    public CancelReplay {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(requestedAt, "requestedAt");
        author = author == null ? "" : author;
    }

    /** The cancel of {@code replay} by {@code author} at {@code requestedAt}. */
    public static CancelReplay of(StartReplay replay, String author, Instant requestedAt) {
        return new CancelReplay(replay.replayId(), replay.target(), replay.selector(), replay.window(), author,
                requestedAt);
    }

    /** The key this command is written under. */
    @Override
    public ControlKey key() {
        return ControlKey.of(ControlKey.Kind.CANCEL, replayId, Optional.empty());
    }

    /** The record written to {@code rewind.control}; the START-only fields get their defaults. */
    @Override
    public ReplayCommand toAvro() {
        return StartReplay.command(replayId, target, selector, window)
                .setDryRun(false)
                .setMaxEventsPerSecond(null)
                .setReason("")
                .setAuthor(author)
                .setRequestedAt(requestedAt)
                .setAction(ReplayAction.CANCEL)
                .build();
    }

    /**
     * Reads a CANCEL record.
     *
     * @throws IllegalArgumentException if it is invalid or not a CANCEL
     */
    public static CancelReplay fromAvro(ReplayCommand command) {
        if (command.getAction() != ReplayAction.CANCEL) {
            throw new IllegalArgumentException("Replay command " + command.getReplayId() + " is a "
                    + command.getAction() + ", not a CANCEL");
        }
        return new CancelReplay(ReplayId.of(command.getReplayId()),
                new ComponentVersion(command.getComponent(), command.getVersion()),
                CohortSelector.parse(command.getSelector()), new ReplayWindow(command.getFrom(), command.getTo()),
                command.getAuthor(), command.getRequestedAt());
    }
}
