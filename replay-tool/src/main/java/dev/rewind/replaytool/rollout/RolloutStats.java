package dev.rewind.replaytool.rollout;

import java.time.Instant;

/** The outcome counts a rollout's guard compares, over a span of processing time. */
public interface RolloutStats {

    /**
     * What the guard compares for {@code spec} over {@code [from, to]}.
     *
     * @throws RuntimeException when the statistics cannot be read now (the index is rebalancing);
     *     the guard then decides nothing this time
     */
    Samples samples(RolloutSpec spec, Instant from, Instant to);

    /**
     * The three samples of a guard decision.
     *
     * @param version the new version's outcomes for the moved selector
     * @param baselineCohort the baseline's outcomes for the same selector
     * @param baselineVersion all of the baseline's outcomes
     */
    record Samples(Sample version, Sample baselineCohort, Sample baselineVersion) {
    }
}
