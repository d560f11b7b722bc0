package dev.rewind.api.rollouts;

import java.time.Instant;

/**
 * One step or decision of a rollout, with the guard's figures when it was taken.
 *
 * @param at when
 * @param kind {@code started}, {@code step}, {@code advanced}, {@code held}, {@code tripped},
 *     {@code replay-started}, {@code rolled-back}, {@code completed}, {@code paused}, {@code resumed},
 *     {@code aborted}
 * @param step the step it concerns, 0-based
 * @param detail why, in a sentence
 * @param versionOutcomes outcomes of the new version for the moved cohort in the guard window
 * @param versionErrors of which failed
 * @param baselineOutcomes outcomes of the baseline on the comparable cohorts in the window
 * @param baselineErrors of which failed
 * @param author who: a caller's name, or {@code rewind} for the guard
 * @param routeChangeId the route change it published, if any
 * @param replayId the replay it started, if any
 */
public record RolloutDecisionView(Instant at, String kind, int step, String detail, long versionOutcomes,
        long versionErrors, long baselineOutcomes, long baselineErrors, String author, String routeChangeId,
        String replayId) {
}
