package dev.rewind.examples.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestPolicyTest {

    @Test
    void v1HasTheFlakyShareBugAndEveryOtherVersionTheFix() {
        assertThat(TestPolicy.forVersion("v1")).isEqualTo(TestPolicy.FLAKY_SHARE_OF_FAILURES);
        assertThat(TestPolicy.forVersion("v2")).isEqualTo(TestPolicy.FLAKY_TOLERANT);
        assertThat(TestPolicy.forVersion("v3")).isEqualTo(TestPolicy.FLAKY_TOLERANT);
    }

    @Test
    void bothVersionsAgreeOnReportsWithoutAFlakyCount() {
        for (TestPolicy policy : TestPolicy.values()) {
            assertThat(policy.green(0, null)).as(policy.name()).isTrue();
            assertThat(policy.green(2, null)).as(policy.name()).isFalse();
        }
    }

    @Test
    void v1FailsOnAFlakyCountWithoutFailures() {
        assertThatThrownBy(() -> TestPolicy.FLAKY_SHARE_OF_FAILURES.green(0, 3))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void v2TreatsFailuresThatAreAllFlakyAsGreen() {
        assertThat(TestPolicy.FLAKY_TOLERANT.green(0, 3)).isTrue();
        assertThat(TestPolicy.FLAKY_TOLERANT.green(2, 3)).isTrue();
        assertThat(TestPolicy.FLAKY_TOLERANT.green(4, 3)).isFalse();
    }
}
