package dev.rewind.examples.release;

/**
 * How a test report turns into "green enough to release". The one place where the demo's
 * {@code v1} and {@code v2} differ.
 *
 * <p>Only the {@code enterprise} plan's CI tooling reports a {@code flaky} count; the other plans
 * leave it out (null), and then both policies agree: green means no failed test.
 */
public enum TestPolicy {

    /**
     * {@code v1}: treats a red run as green when flaky tests account for all failures, computed as
     * the flaky share of failures in percent. The bug: a run with a flaky count and zero failures
     * (the common case) divides by zero, so every such enterprise report fails to process.
     */
    FLAKY_SHARE_OF_FAILURES {
        @Override
        boolean green(int failed, Integer flaky) {
            if (flaky == null) {
                return failed == 0;
            }
            int flakySharePercent = 100 * flaky / failed;
            return flakySharePercent >= 100;
        }
    },

    /**
     * {@code v2}: green when nothing failed, or when every failure is a known flaky test.
     */
    FLAKY_TOLERANT {
        @Override
        boolean green(int failed, Integer flaky) {
            return failed == 0 || (flaky != null && failed <= flaky);
        }
    };

    /**
     * Whether a report with {@code failed} failures and an optional flaky count allows a release.
     *
     * @throws ArithmeticException under {@link #FLAKY_SHARE_OF_FAILURES} for a flaky count and no
     *     failures (the demo's bug)
     */
    abstract boolean green(int failed, Integer flaky);

    /** The policy a version of the release coordinator runs: {@code v1} has the bug, later ones not. */
    public static TestPolicy forVersion(String version) {
        return ReleaseDemo.BUGGY_VERSION.equals(version) ? FLAKY_SHARE_OF_FAILURES : FLAKY_TOLERANT;
    }
}
