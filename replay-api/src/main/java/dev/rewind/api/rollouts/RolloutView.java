package dev.rewind.api.rollouts;

import dev.rewind.api.OpenApiSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A rollout as the API shows it.
 *
 * @param id rollout id
 * @param component component
 * @param cohort the selector moved
 * @param version the new version
 * @param baseline the version the cohort returns to on a rollback
 * @param steps percent of the cohort's values moved at each step
 * @param rampDimension whose values a step below 100 hashes
 * @param marginPercent percentage points the new version's error rate may exceed the baseline's
 * @param window how long each step is watched (ISO-8601)
 * @param minSamples outcomes the guard needs before it trips or passes
 * @param state {@code watching}, {@code paused}, {@code rolling-back}, {@code replaying},
 *     {@code rolled-back}, {@code completed} or {@code aborted}
 * @param step the current step, 0-based
 * @param stepPercent the current step's share
 * @param stepEffectiveFrom when the current step's route takes effect
 * @param watchFrom start of the current guard window
 * @param movedFrom when the first step took effect (start of a rollback's replay window)
 * @param rollbackEffectiveFrom when the route back takes effect (end of the replay window)
 * @param replayId the rollback's replay onto the baseline
 * @param author who started it
 * @param reason why
 * @param createdAt when it was started
 * @param updatedAt when it last changed
 * @param guard what the guard sees now; null unless watching
 * @param decisions every step and decision, oldest first
 */
@OpenApiSchema("Rollout")
public record RolloutView(String id, String component, String cohort, String version, String baseline,
        List<BigDecimal> steps, String rampDimension, BigDecimal marginPercent, String window, long minSamples,
        String state, int step, BigDecimal stepPercent, Instant stepEffectiveFrom, Instant watchFrom,
        Instant movedFrom, Instant rollbackEffectiveFrom, String replayId, String author, String reason,
        Instant createdAt, Instant updatedAt, RolloutGuardView guard, List<RolloutDecisionView> decisions) {

    /** Copies the lists. */
    public RolloutView {
        steps = List.copyOf(steps);
        decisions = List.copyOf(decisions);
    }
}
