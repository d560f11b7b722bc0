package dev.rewind.api.rollouts;

/**
 * What the guard sees now for a watched step.
 *
 * @param versionOutcomes outcomes of the new version for the moved cohort since the window started
 * @param versionErrors of which failed
 * @param versionErrorRate errors / outcomes, 0 when none
 * @param baselineOutcomes outcomes of the baseline on the comparable cohorts
 * @param baselineErrors of which failed
 * @param baselineErrorRate errors / outcomes, 0 when none
 * @param baselineScope which outcomes of the baseline were compared: {@code cohort} (the same
 *     selector), {@code version} (all of the baseline's) or {@code none} (too few: compared with 0)
 * @param verdict {@code hold}, {@code pass} or {@code trip}
 * @param detail why, in a sentence
 */
public record RolloutGuardView(long versionOutcomes, long versionErrors, double versionErrorRate,
        long baselineOutcomes, long baselineErrors, double baselineErrorRate, String baselineScope, String verdict,
        String detail) {
}
