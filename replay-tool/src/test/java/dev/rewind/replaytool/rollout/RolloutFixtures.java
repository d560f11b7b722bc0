package dev.rewind.replaytool.rollout;

import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Rollouts and guard verdicts for the rollout package's unit tests. */
final class RolloutFixtures {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final GuardPolicy POLICY = new GuardPolicy(500, Duration.ofSeconds(30), 20);
    static final GuardVerdict PASS = new GuardVerdict.Pass(new Sample(30, 0), new Sample(30, 0),
            GuardVerdict.BaselineScope.COHORT, "clean");
    static final GuardVerdict TRIP = new GuardVerdict.Trip(new Sample(30, 9), new Sample(30, 0),
            GuardVerdict.BaselineScope.COHORT, "tripped");
    static final GuardVerdict HOLD = new GuardVerdict.Hold(new Sample(3, 0), Sample.NONE,
            GuardVerdict.BaselineScope.NONE, "too few", false);
    static final GuardVerdict STARVED = new GuardVerdict.Hold(new Sample(3, 0), Sample.NONE,
            GuardVerdict.BaselineScope.NONE, "window passed with too few", true);

    private RolloutFixtures() {
    }

    /** A rollout of v2 onto plan:enterprise (baseline v1) in {@code steps}, started at {@link #T0}. */
    static Rollout rollout(List<Integer> steps) {
        RolloutSpec spec = new RolloutSpec("release-coordinator", CohortSelector.plan("enterprise"), "v2", "v1", steps,
                Ramp.Dimension.CUSTOMER, POLICY);
        return new Rollout(RolloutId.random(), spec, null, RolloutMachine.started(T0), T0, "ada", "try v2", T0, T0,
                List.of(Decision.of(T0, "started", 0, "started", "ada")));
    }
}
