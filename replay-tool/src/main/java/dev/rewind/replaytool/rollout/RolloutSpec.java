package dev.rewind.replaytool.rollout;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a rollout does: move {@code selector} of {@code component} from {@code baseline} to
 * {@code version} in {@code stepBasisPoints} steps, each watched by {@code guard}.
 *
 * @param component component name
 * @param selector the cohort moved
 * @param version the new version
 * @param baseline the version the cohort returns to on a rollback
 * @param stepBasisPoints share of the cohort's values at each step, hundredths of a percent, strictly
 *     increasing, each 1 to 10000, the last 10000
 * @param rampDimension whose values a step below 10000 hashes
 * @param guard margin, window and minimum sample
 */
public record RolloutSpec(String component, CohortSelector selector, String version, String baseline,
        List<Integer> stepBasisPoints, Ramp.Dimension rampDimension, GuardPolicy guard) {

    /** The most steps a rollout may have. */
    public static final int MAX_STEPS = 20;

    /** Validates and copies. */
    public RolloutSpec {
        new ComponentVersion(component, version);
        new ComponentVersion(component, baseline);
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(rampDimension, "rampDimension");
        Objects.requireNonNull(guard, "guard");
        if (version.equals(baseline)) {
            throw new IllegalArgumentException("version and baseline must differ, both were " + version);
        }
        stepBasisPoints = List.copyOf(stepBasisPoints);
        if (stepBasisPoints.isEmpty() || stepBasisPoints.size() > MAX_STEPS) {
            throw new IllegalArgumentException("1 to " + MAX_STEPS + " steps, was " + stepBasisPoints.size());
        }
        int previous = 0;
        for (int bp : stepBasisPoints) {
            if (bp <= previous || bp > 10_000) {
                throw new IllegalArgumentException("steps must increase strictly within (0, 10000], were "
                        + stepBasisPoints);
            }
            previous = bp;
        }
        if (previous != 10_000) {
            throw new IllegalArgumentException("the last step must be 10000 (100%), was " + previous);
        }
    }

    /** The new version as a component version. */
    public ComponentVersion target() {
        return new ComponentVersion(component, version);
    }

    /** The baseline as a component version. */
    public ComponentVersion baselineVersion() {
        return new ComponentVersion(component, baseline);
    }

    /** The index of the last step. */
    public int lastStep() {
        return stepBasisPoints.size() - 1;
    }

    /** Step {@code i}'s share as a percentage, e.g. {@code 12.5}. */
    public BigDecimal percent(int step) {
        return BigDecimal.valueOf(stepBasisPoints.get(step), 2).stripTrailingZeros();
    }
}
