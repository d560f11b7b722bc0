package dev.rewind.replaytool.rollout;

import dev.rewind.replaytool.rollout.GuardVerdict.BaselineScope;
import java.math.BigInteger;
import java.time.Duration;

/**
 * The guard's decision for one watched step, a pure function of the policy, the samples and the
 * time the window has run (no clock, no I/O), so every rule has a unit test.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>The baseline compared with is its outcomes for the same selector when there are at least
 *       {@code minSamples} of them (a ramp leaves part of the cohort on the baseline), else all of its
 *       outcomes in the window when there are enough of those, else none: an error rate of 0, so a
 *       baseline without traffic does not let any error rate of the new version through.</li>
 *   <li>Fewer than {@code minSamples} outcomes of the new version: hold, however they went (one
 *       failure of one event is no rate). A window that has gone by starved keeps being watched rather
 *       than advancing blind.</li>
 *   <li>The new version's error rate above the baseline's plus the margin: trip, at once, without
 *       waiting for the window to end.</li>
 *   <li>The window has gone by: pass. Otherwise hold.</li>
 * </ol>
 * Rates are compared exactly (integer arithmetic), so 25% against 20% plus 5 points holds.
 */
public final class Guard {

    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private Guard() {
    }

    /**
     * Decides.
     *
     * @param policy margin, window and minimum sample
     * @param version the new version's outcomes for the moved cohort since the window started
     * @param baselineCohort the baseline's outcomes for the same selector in the window
     * @param baselineVersion all of the baseline's outcomes in the window
     * @param elapsed how long the window has run
     */
    public static GuardVerdict decide(GuardPolicy policy, Sample version, Sample baselineCohort, Sample baselineVersion,
            Duration elapsed) {
        BaselineScope scope = baselineCohort.outcomes() >= policy.minSamples() ? BaselineScope.COHORT
                : baselineVersion.outcomes() >= policy.minSamples() ? BaselineScope.VERSION : BaselineScope.NONE;
        Sample baseline = switch (scope) {
            case COHORT -> baselineCohort;
            case VERSION -> baselineVersion;
            case NONE -> Sample.NONE;
        };
        String against = "the baseline's " + baseline + (scope == BaselineScope.COHORT ? " on the same cohort"
                : scope == BaselineScope.VERSION ? " on all its cohorts"
                : " (too few baseline outcomes: compared with 0%)");
        boolean windowOver = elapsed.compareTo(policy.window()) >= 0;
        if (version.outcomes() < policy.minSamples()) {
            String detail = version.outcomes() + " of the " + policy.minSamples() + " outcomes the guard needs"
                    + (windowOver ? "; the window has passed, so the step is watched until there are enough"
                    : " so far");
            return new GuardVerdict.Hold(version, baseline, scope, detail, windowOver);
        }
        String comparison = "the new version's error rate " + version + " against " + against + " plus "
                + policy.marginPercent().toPlainString() + " points";
        if (exceeds(version, baseline, policy.marginBasisPoints())) {
            return new GuardVerdict.Trip(version, baseline, scope, "Guard tripped: " + comparison + ".");
        }
        if (windowOver) {
            return new GuardVerdict.Pass(version, baseline, scope, "The " + policy.window().toSeconds()
                    + " s window passed clean: " + comparison + ".");
        }
        return new GuardVerdict.Hold(version, baseline, scope, "Within the margin so far: " + comparison + ".", false);
    }

    /** version.errors / version.outcomes > baseline.errors / baseline.outcomes + margin / 10000, exactly. */
    static boolean exceeds(Sample version, Sample baseline, int marginBasisPoints) {
        BigInteger vErrors = BigInteger.valueOf(version.errors());
        BigInteger vOutcomes = BigInteger.valueOf(version.outcomes());
        BigInteger margin = BigInteger.valueOf(marginBasisPoints);
        if (baseline.outcomes() == 0) {
            return vErrors.multiply(TEN_THOUSAND).compareTo(margin.multiply(vOutcomes)) > 0;
        }
        BigInteger bErrors = BigInteger.valueOf(baseline.errors());
        BigInteger bOutcomes = BigInteger.valueOf(baseline.outcomes());
        BigInteger left = vErrors.multiply(TEN_THOUSAND).multiply(bOutcomes);
        BigInteger right = bErrors.multiply(TEN_THOUSAND).add(margin.multiply(bOutcomes)).multiply(vOutcomes);
        return left.compareTo(right) > 0;
    }
}
