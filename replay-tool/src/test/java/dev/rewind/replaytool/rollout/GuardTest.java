package dev.rewind.replaytool.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.replaytool.rollout.GuardVerdict.BaselineScope;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardTest {

    /** 5 points, 30 s, at least 20 outcomes. */
    private static final GuardPolicy POLICY = new GuardPolicy(500, Duration.ofSeconds(30), 20);
    private static final Duration MID_WINDOW = Duration.ofSeconds(10);
    private static final Duration WINDOW_OVER = Duration.ofSeconds(30);

    @Test
    void tripsWhenTheNewVersionsErrorRateExceedsTheBaselinesByMoreThanTheMargin() {
        GuardVerdict verdict = Guard.decide(POLICY, new Sample(20, 4), new Sample(40, 4), new Sample(100, 5),
                MID_WINDOW);

        assertThat(verdict).isInstanceOf(GuardVerdict.Trip.class);
        assertThat(verdict.scope()).isEqualTo(BaselineScope.COHORT);
        assertThat(verdict.baseline()).isEqualTo(new Sample(40, 4));
        assertThat(verdict.detail()).contains("4/20 (20.0%)").contains("4/40 (10.0%)").contains("5 points");
    }

    @Test
    void anExcessOfExactlyTheMarginDoesNotTrip() {
        // 25% against 20% + 5 points: equal, compared exactly rather than in floating point
        GuardVerdict verdict = Guard.decide(POLICY, new Sample(20, 5), new Sample(20, 4), Sample.NONE, WINDOW_OVER);

        assertThat(verdict).isInstanceOf(GuardVerdict.Pass.class);
    }

    @Test
    void oneFailureOfOneEventDoesNotTripIt() {
        GuardVerdict verdict = Guard.decide(POLICY, new Sample(1, 1), new Sample(50, 0), new Sample(50, 0),
                MID_WINDOW);

        assertThat(verdict).isInstanceOf(GuardVerdict.Hold.class);
        assertThat(((GuardVerdict.Hold) verdict).starved()).isFalse();
        assertThat(verdict.detail()).contains("1 of the 20 outcomes");
    }

    @Test
    void aWindowThatPassedWithTooFewOutcomesKeepsWatchingInsteadOfAdvancing() {
        GuardVerdict verdict = Guard.decide(POLICY, new Sample(5, 0), new Sample(50, 0), new Sample(50, 0),
                WINDOW_OVER);

        assertThat(verdict).isInstanceOf(GuardVerdict.Hold.class);
        assertThat(((GuardVerdict.Hold) verdict).starved()).isTrue();
    }

    @Test
    void passesOnceTheWindowWentByWithinTheMargin() {
        assertThat(Guard.decide(POLICY, new Sample(30, 3), new Sample(30, 2), Sample.NONE, MID_WINDOW))
                .isInstanceOf(GuardVerdict.Hold.class);
        assertThat(Guard.decide(POLICY, new Sample(30, 3), new Sample(30, 2), Sample.NONE, WINDOW_OVER))
                .isInstanceOf(GuardVerdict.Pass.class);
    }

    @Test
    void tripsBeforeTheWindowEndsOnceTheSampleIsLargeEnough() {
        assertThat(Guard.decide(POLICY, new Sample(20, 20), new Sample(30, 0), Sample.NONE, Duration.ofSeconds(1)))
                .isInstanceOf(GuardVerdict.Trip.class);
    }

    @Test
    void aBaselineWithTooFewOutcomesOnTheCohortIsComparedOnAllItsCohorts() {
        GuardVerdict verdict = Guard.decide(POLICY, new Sample(20, 2), new Sample(3, 0), new Sample(100, 8),
                WINDOW_OVER);

        assertThat(verdict.scope()).isEqualTo(BaselineScope.VERSION);
        assertThat(verdict).isInstanceOf(GuardVerdict.Pass.class); // 10% against 8% + 5
    }

    @Test
    void aBaselineWithoutTrafficCountsAsAnErrorRateOfZero() {
        GuardVerdict tripped = Guard.decide(POLICY, new Sample(20, 2), Sample.NONE, Sample.NONE, MID_WINDOW);
        GuardVerdict passed = Guard.decide(POLICY, new Sample(20, 1), Sample.NONE, new Sample(4, 4), WINDOW_OVER);

        assertThat(tripped).isInstanceOf(GuardVerdict.Trip.class); // 10% against 0% + 5
        assertThat(tripped.scope()).isEqualTo(BaselineScope.NONE);
        assertThat(tripped.detail()).contains("compared with 0%");
        assertThat(passed).isInstanceOf(GuardVerdict.Pass.class); // 5% against 0% + 5: not more
        assertThat(passed.baseline()).isEqualTo(Sample.NONE);
    }

    @Test
    void aZeroMarginTripsOnAnyExcess() {
        GuardPolicy strict = new GuardPolicy(0, Duration.ofSeconds(30), 1);

        assertThat(Guard.decide(strict, new Sample(1000, 11), new Sample(1000, 10), Sample.NONE, MID_WINDOW))
                .isInstanceOf(GuardVerdict.Trip.class);
        assertThat(Guard.decide(strict, new Sample(1000, 10), new Sample(1000, 10), Sample.NONE, WINDOW_OVER))
                .isInstanceOf(GuardVerdict.Pass.class);
    }

    @Test
    void largeCountsAreComparedWithoutOverflow() {
        long big = 4_000_000_000_000L;
        assertThat(Guard.exceeds(new Sample(big, big / 2), new Sample(big, big / 4), 500)).isTrue();
        assertThat(Guard.exceeds(new Sample(big, big / 4), new Sample(big, big / 4), 500)).isFalse();
    }
}
