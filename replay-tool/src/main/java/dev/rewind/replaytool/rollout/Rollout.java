package dev.rewind.replaytool.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rollout as stored on {@code rewind.rollouts}: its definition, the route it replaced, its phase and
 * every decision so far. Immutable; each change makes a new one ({@link #then}).
 *
 * @param id rollout id
 * @param spec what it does
 * @param previousRoute the selector's own route before, or null if it had none
 * @param phase where it is
 * @param movedFrom when its first step took effect (start of a rollback's replay window)
 * @param author who started it
 * @param reason why
 * @param createdAt when it was started
 * @param updatedAt when it last changed
 * @param decisions every step and decision, oldest first
 */
public record Rollout(RolloutId id, RolloutSpec spec, PreviousRoute previousRoute, RolloutPhase phase,
        Instant movedFrom, String author, String reason, Instant createdAt, Instant updatedAt,
        List<Decision> decisions) {

    /** Validates and copies. */
    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(movedFrom, "movedFrom");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        decisions = List.copyOf(decisions);
    }

    /** The rollout in {@code next} phase after {@code decision}. */
    public Rollout then(RolloutPhase next, Decision decision) {
        List<Decision> all = new ArrayList<>(decisions);
        all.add(decision);
        return new Rollout(id, spec, previousRoute, next, movedFrom, author, reason, createdAt, decision.at(), all);
    }

    /** The rollout with one more decision and the same phase. */
    public Rollout noting(Decision decision) {
        return then(phase, decision);
    }

    /** The latest decision. */
    public Decision lastDecision() {
        return decisions.get(decisions.size() - 1);
    }
}
