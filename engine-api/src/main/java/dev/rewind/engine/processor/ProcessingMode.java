package dev.rewind.engine.processor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the processor sees an event: live processing, or a replay of a cohort's window.
 *
 * <p>A processor normally need not care: the engine guarantees that a replay of {@code [from, to)}
 * presents the window's events in offset order on top of the entity state as it was at
 * {@code from}, and that the replay's outputs replace nothing but carry the replay id. It may use
 * the mode for logging or to tag its outputs.
 */
public sealed interface ProcessingMode permits ProcessingMode.Live, ProcessingMode.Replay {

    /** Live processing. */
    static ProcessingMode live() {
        return Live.INSTANCE;
    }

    /** A replay with the given id over {@code [from, to)}. */
    static ProcessingMode replay(ReplayId replayId, Instant from, Instant to) {
        return new Replay(replayId, from, to);
    }

    /** {@code true} for a replay. */
    default boolean isReplay() {
        return this instanceof Replay;
    }

    /** The replay id, empty in live mode. */
    default Optional<ReplayId> replayId() {
        return this instanceof Replay replay ? Optional.of(replay.id()) : Optional.empty();
    }

    /** Live processing: the event is processed for the first time by its owner. */
    enum Live implements ProcessingMode {
        /** The only instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "LIVE";
        }
    }

    /**
     * A replay: the event is reprocessed because replay {@code id} rewound its cohort's window
     * {@code [from, to)}.
     *
     * @param id the replay id
     * @param from start of the window, inclusive
     * @param to end of the window, exclusive; after {@code from}
     */
    record Replay(ReplayId id, Instant from, Instant to) implements ProcessingMode {

        /** Validates the window. */
        public Replay {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("Replay window must have from < to, was ["
                        + from + ", " + to + ")");
            }
        }

        @Override
        public String toString() {
            return "REPLAY " + id + " [" + from + ", " + to + ")";
        }
    }
}
