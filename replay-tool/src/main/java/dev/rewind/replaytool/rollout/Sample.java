package dev.rewind.replaytool.rollout;

/**
 * Outcomes counted for one version (and cohort) over a guard window: skipped duplicates do not count.
 *
 * @param outcomes processings counted, at least 0
 * @param errors of which failed, 0 to {@code outcomes}
 */
public record Sample(long outcomes, long errors) {

    /** Nothing counted. */
    public static final Sample NONE = new Sample(0, 0);

    /** Validates. */
    public Sample {
        if (outcomes < 0 || errors < 0 || errors > outcomes) {
            throw new IllegalArgumentException("A sample needs 0 <= errors <= outcomes, was " + errors + " of "
                    + outcomes);
        }
    }

    /** errors / outcomes; 0 when nothing was counted. */
    public double errorRate() {
        return outcomes == 0 ? 0.0 : (double) errors / outcomes;
    }

    /** {@code 4/20 (20.0%)}. */
    @Override
    public String toString() {
        return errors + "/" + outcomes + " (" + String.format(java.util.Locale.ROOT, "%.1f%%", errorRate() * 100) + ")";
    }
}
