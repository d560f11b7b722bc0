package dev.rewind.replaytool.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.api.rollouts.RolloutRequest;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import dev.rewind.replaytool.Rejection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutValidatorTest {

    private static RolloutRequest request(BigDecimal margin, String window, Long minSamples) {
        return new RolloutRequest("release-coordinator", "plan:enterprise", "v2", null, null, null, margin, window,
                minSamples, "why");
    }

    private static List<BigDecimal> percents(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }

    @Test
    void stepsDefaultToTheWholeCohortAndBecomeBasisPoints() {
        assertThat(RolloutValidator.steps(null)).containsExactly(10_000);
        assertThat(RolloutValidator.steps(percents("0.5", "12.25", "100"))).containsExactly(50, 1225, 10_000);
    }

    @Test
    void badStepsAreRefusedNamingTheFieldTheValueAndAnExample() {
        assertThatThrownBy(() -> RolloutValidator.steps(percents("50", "10", "100")))
                .isInstanceOf(Rejection.Invalid.class).hasMessageContaining("'steps' [50, 10, 100]")
                .hasMessageContaining("increase strictly").hasMessageContaining("[10, 50, 100]");
        assertThatThrownBy(() -> RolloutValidator.steps(percents("10", "50")))
                .hasMessageContaining("must end at 100");
        assertThatThrownBy(() -> RolloutValidator.steps(percents("0", "100"))).hasMessageContaining("above 0");
        assertThatThrownBy(() -> RolloutValidator.steps(percents("150"))).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> RolloutValidator.steps(percents("10.125", "100")))
                .hasMessageContaining("two decimals");
    }

    @Test
    void theGuardDefaultsToFivePointsFiveMinutesAndTwentyOutcomes() {
        GuardPolicy policy = RolloutValidator.guard(request(null, null, null));

        assertThat(policy).isEqualTo(new GuardPolicy(500, Duration.ofMinutes(5), 20));
        assertThat(RolloutValidator.guard(request(new BigDecimal("2.5"), "PT30S", 5L)))
                .isEqualTo(new GuardPolicy(250, Duration.ofSeconds(30), 5));
    }

    @Test
    void badMarginsWindowsAndSampleSizesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> RolloutValidator.guard(request(new BigDecimal("-1"), null, null)))
                .isInstanceOf(Rejection.Invalid.class).hasMessageContaining("'marginPercent' -1");
        assertThatThrownBy(() -> RolloutValidator.guard(request(new BigDecimal("100"), null, null)))
                .hasMessageContaining("'marginPercent' 100");
        assertThatThrownBy(() -> RolloutValidator.guard(request(null, "5 minutes", null)))
                .hasMessageContaining("'window' '5 minutes' is not an ISO-8601 duration").hasMessageContaining("PT5M");
        assertThatThrownBy(() -> RolloutValidator.guard(request(null, "PT0.5S", null)))
                .hasMessageContaining("'window' PT0.5S must be from PT1S to PT24H");
        assertThatThrownBy(() -> RolloutValidator.guard(request(null, "P2D", null)))
                .hasMessageContaining("'window' P2D");
        assertThatThrownBy(() -> RolloutValidator.guard(request(null, null, 0L)))
                .hasMessageContaining("'minSamples' 0");
    }

    @Test
    void anUnfinishedRolloutOnAnOverlappingCohortOfTheComponentIsAConflict() {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        RolloutSpec spec = new RolloutSpec("release-coordinator", CohortSelector.plan("enterprise"), "v2", "v1",
                List.of(10_000), Ramp.Dimension.CUSTOMER, new GuardPolicy(500, Duration.ofSeconds(30), 20));
        Rollout running = new Rollout(RolloutId.random(), spec, null, RolloutMachine.started(t), t, "ada", "why", t, t,
                List.of(Decision.of(t, "started", 0, "started", "ada")));
        Rollout finished = running.then(new RolloutPhase.Completed(0), Decision.of(t, "completed", 0, "done", "rewind"));

        assertThatThrownBy(() -> RolloutValidator.requireNoOverlap("release-coordinator", CohortSelector.customer("acme"),
                List.of(running))).isInstanceOf(Rejection.Conflict.class).hasMessageContaining(running.id().value())
                .hasMessageContaining("/abort");
        RolloutValidator.requireNoOverlap("release-coordinator", CohortSelector.plan("team"), List.of(running));
        RolloutValidator.requireNoOverlap("other-component", CohortSelector.plan("enterprise"), List.of(running));
        RolloutValidator.requireNoOverlap("release-coordinator", CohortSelector.plan("enterprise"), List.of(finished));
    }
}
