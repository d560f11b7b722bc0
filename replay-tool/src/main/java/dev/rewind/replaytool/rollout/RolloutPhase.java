package dev.rewind.replaytool.rollout;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a rollout is, one type per state. Every state knows its step (0-based).
 *
 * <pre>
 * Watching(i) --pass, not last--> Watching(i+1)       (route of step i+1 published)
 * Watching(i) --pass, last------> Completed
 * Watching(i) --trip------------> RollingBack         (route back published)
 * RollingBack --route back in effect--> Replaying     (replay of [movedFrom, routeBack) onto the baseline)
 * Replaying --replay finished---> RolledBack
 * Watching &lt;--pause/resume--> Paused;  Watching, Paused --abort--> Aborted (route restored, no replay)
 * </pre>
 */
public sealed interface RolloutPhase {

    /** The current step. */
    int step();

    /** Whether the rollout will not change any more. */
    default boolean terminal() {
        return this instanceof RolledBack || this instanceof Completed || this instanceof Aborted;
    }

    /** {@code watching}, {@code paused}, {@code rolling-back}, ... as the API names it. */
    default String label() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The step's route is published; the guard watches from {@code watchFrom}.
     *
     * @param effectiveFrom when the step's route takes effect
     * @param watchFrom start of the guard window: {@code effectiveFrom}, or the resume time
     */
    record Watching(int step, Instant effectiveFrom, Instant watchFrom) implements RolloutPhase {
        /** Validates. */
        public Watching {
            Objects.requireNonNull(effectiveFrom, "effectiveFrom");
            Objects.requireNonNull(watchFrom, "watchFrom");
        }
    }

    /** Paused by an operator: routes stay, the guard does not decide. */
    record Paused(int step, Instant effectiveFrom) implements RolloutPhase {
        /** Validates. */
        public Paused {
            Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        }
    }

    /** The guard tripped; the route back takes effect at {@code routeBackFrom}. */
    record RollingBack(int step, Instant routeBackFrom) implements RolloutPhase {
        /** Validates. */
        public RollingBack {
            Objects.requireNonNull(routeBackFrom, "routeBackFrom");
        }
    }

    /** The affected window is being replayed onto the baseline. */
    record Replaying(int step, Instant routeBackFrom, String replayId) implements RolloutPhase {
        /** Validates. */
        public Replaying {
            Objects.requireNonNull(routeBackFrom, "routeBackFrom");
            Objects.requireNonNull(replayId, "replayId");
        }
    }

    /** Rolled back and replayed (the replay's own state says how it ended). */
    record RolledBack(int step, Instant routeBackFrom, String replayId) implements RolloutPhase {
    }

    /** Every step passed: the cohort runs on the new version. */
    record Completed(int step) implements RolloutPhase {
    }

    /** Aborted by an operator: the route was restored, nothing replayed. */
    record Aborted(int step) implements RolloutPhase {
    }
}
