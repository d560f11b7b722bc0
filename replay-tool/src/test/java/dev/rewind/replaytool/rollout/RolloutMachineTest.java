package dev.rewind.replaytool.rollout;

import static dev.rewind.replaytool.rollout.RolloutFixtures.HOLD;
import static dev.rewind.replaytool.rollout.RolloutFixtures.PASS;
import static dev.rewind.replaytool.rollout.RolloutFixtures.STARVED;
import static dev.rewind.replaytool.rollout.RolloutFixtures.T0;
import static dev.rewind.replaytool.rollout.RolloutFixtures.TRIP;
import static dev.rewind.replaytool.rollout.RolloutFixtures.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RolloutMachineTest {

    /** The route log holds none of the rollout's changes beyond its record. */
    private static final Function<String, Optional<Instant>> NOTHING_PUBLISHED = changeId -> Optional.empty();

    private static RolloutMachine.Action next(Rollout r, Instant now, GuardVerdict verdict) {
        return RolloutMachine.next(r, now, Optional.ofNullable(verdict), Optional.empty(), NOTHING_PUBLISHED);
    }

    @Test
    void aPassedStepThatIsNotTheLastPublishesTheNextStep() {
        Rollout r = rollout(List.of(1000, 5000, 10_000));

        RolloutMachine.Action action = next(r, T0.plusSeconds(31), PASS);

        assertThat(action).isEqualTo(new RolloutMachine.PublishStep(1, PASS));
        Rollout advanced = RolloutMachine.advanced(r, (RolloutMachine.PublishStep) action, T0.plusSeconds(41), "c1",
                T0.plusSeconds(31));
        assertThat(advanced.phase()).isEqualTo(new RolloutPhase.Watching(1, T0.plusSeconds(41), T0.plusSeconds(41)));
        assertThat(advanced.lastDecision().kind()).isEqualTo("advanced");
        assertThat(advanced.lastDecision().routeChangeId()).isEqualTo("c1");
        assertThat(advanced.lastDecision().detail()).contains("Step 2 of 3: 50% of plan:enterprise on v2");
    }

    @Test
    void thePassedLastStepCompletesTheRollout() {
        Rollout r = rollout(List.of(10_000));

        RolloutMachine.Action action = next(r, T0.plusSeconds(31), PASS);

        assertThat(action).isInstanceOf(RolloutMachine.Complete.class);
        Rollout done = RolloutMachine.completed(r, (RolloutMachine.Complete) action, T0.plusSeconds(31));
        assertThat(done.phase()).isEqualTo(new RolloutPhase.Completed(0));
        assertThat(done.phase().terminal()).isTrue();
        assertThat(next(done, T0.plusSeconds(60), PASS)).isInstanceOf(RolloutMachine.Wait.class);
    }

    @Test
    void aTrippedGuardRoutesBackThenReplaysOnceTheRouteBackIsInEffectThenFinishes() {
        Rollout r = rollout(List.of(1000, 10_000));
        RolloutMachine.Action action = next(r, T0.plusSeconds(5), TRIP);
        assertThat(action).isInstanceOf(RolloutMachine.RouteBack.class);

        Instant routeBack = T0.plusSeconds(15);
        Rollout back = RolloutMachine.trippedAndRoutedBack(r, (RolloutMachine.RouteBack) action, routeBack, "c2",
                T0.plusSeconds(5));
        assertThat(back.phase()).isEqualTo(new RolloutPhase.RollingBack(0, routeBack));
        assertThat(back.lastDecision().version()).isEqualTo(new Sample(30, 9));
        assertThat(back.lastDecision().detail()).contains("goes back to v1").contains("[" + T0 + ", " + routeBack + ")");
        assertThat(next(back, routeBack.minusMillis(1), null)).isInstanceOf(RolloutMachine.Wait.class);
        assertThat(next(back, routeBack, null)).isInstanceOf(RolloutMachine.StartReplay.class);

        Rollout replaying = RolloutMachine.replayStarted(back, "r-1", routeBack);
        assertThat(replaying.phase()).isEqualTo(new RolloutPhase.Replaying(0, routeBack, "r-1"));
        assertThat(RolloutMachine.next(replaying, routeBack.plusSeconds(1), Optional.empty(), Optional.empty(),
                NOTHING_PUBLISHED))
                .isInstanceOf(RolloutMachine.Wait.class);
        RolloutMachine.Action finish = RolloutMachine.next(replaying, routeBack.plusSeconds(9), Optional.empty(),
                Optional.of("completed"), NOTHING_PUBLISHED);
        assertThat(finish).isEqualTo(new RolloutMachine.FinishRollback("completed"));

        Rollout rolledBack = RolloutMachine.rolledBack(replaying, (RolloutMachine.FinishRollback) finish,
                routeBack.plusSeconds(9));
        assertThat(rolledBack.phase()).isEqualTo(new RolloutPhase.RolledBack(0, routeBack, "r-1"));
        assertThat(rolledBack.phase().terminal()).isTrue();
        assertThat(rolledBack.decisions()).extracting(Decision::kind)
                .containsExactly("started", "tripped", "replay-started", "rolled-back");
    }

    @Test
    void nothingIsDecidedBeforeTheStepsRouteTakesEffectOrWhileTheGuardHolds() {
        Rollout r = rollout(List.of(10_000));

        assertThat(next(r, T0.minusSeconds(1), TRIP)).isInstanceOf(RolloutMachine.Wait.class);
        assertThat(next(r, T0.plusSeconds(5), HOLD)).isInstanceOf(RolloutMachine.Wait.class);
        assertThat(next(r, T0.plusSeconds(5), null)).isInstanceOf(RolloutMachine.Wait.class);
    }

    @Test
    void aStarvedWindowIsNotedOncePerStep() {
        Rollout r = rollout(List.of(10_000));

        RolloutMachine.Action action = next(r, T0.plusSeconds(31), STARVED);
        assertThat(action).isInstanceOf(RolloutMachine.NoteStarved.class);
        Rollout noted = RolloutMachine.starved(r, (RolloutMachine.NoteStarved) action, T0.plusSeconds(31));

        assertThat(noted.phase()).isEqualTo(r.phase());
        assertThat(noted.lastDecision().kind()).isEqualTo("held");
        assertThat(next(noted, T0.plusSeconds(32), STARVED)).isInstanceOf(RolloutMachine.Wait.class);
    }

    @Test
    void aPausedRolloutDecidesNothingAndResumingRestartsTheWindow() {
        Rollout paused = RolloutMachine.paused(rollout(List.of(10_000)), "ada", "hold on", T0.plusSeconds(5));

        assertThat(paused.phase()).isEqualTo(new RolloutPhase.Paused(0, T0));
        assertThat(next(paused, T0.plusSeconds(40), TRIP)).isInstanceOf(RolloutMachine.Wait.class);
        Rollout resumed = RolloutMachine.resumed(paused, "ada", "go on", T0.plusSeconds(50));
        assertThat(resumed.phase()).isEqualTo(new RolloutPhase.Watching(0, T0, T0.plusSeconds(50)));
        assertThat(resumed.decisions()).extracting(Decision::kind).containsExactly("started", "paused", "resumed");
    }

    @Test
    void onlyAWatchingRolloutPausesOnlyAPausedOneResumesAndAFinishedOneCannotBeAborted() {
        Rollout r = rollout(List.of(10_000));
        Rollout done = RolloutMachine.completed(r, new RolloutMachine.Complete(PASS), T0.plusSeconds(31));

        assertThatThrownBy(() -> RolloutMachine.resumed(r, "ada", "x", T0)).hasMessageContaining("watching");
        assertThatThrownBy(() -> RolloutMachine.paused(done, "ada", "x", T0)).hasMessageContaining("completed");
        assertThat(RolloutMachine.abortable(done)).isFalse();
        assertThat(RolloutMachine.aborted(r, "ada", "stop", "c3", T0).phase()).isEqualTo(new RolloutPhase.Aborted(0));
    }

    @Test
    void aReplayThatCannotStartYetIsNotedOncePerReason() {
        Rollout back = RolloutMachine.trippedAndRoutedBack(rollout(List.of(10_000)), new RolloutMachine.RouteBack(TRIP),
                T0.plusSeconds(10), "c", T0);

        Rollout waiting = RolloutMachine.replayWaiting(back, "overlapping replay", T0.plusSeconds(11));
        assertThat(RolloutMachine.replayWaiting(waiting, "overlapping replay", T0.plusSeconds(12))).isSameAs(waiting);
        assertThat(waiting.phase()).isEqualTo(back.phase());
    }

    @Test
    void stepsMustIncreaseAndEndAtTheWholeCohort() {
        assertThatThrownBy(() -> rollout(List.of(5000, 1000, 10_000))).hasMessageContaining("increase strictly");
        assertThatThrownBy(() -> rollout(List.of(1000, 5000))).hasMessageContaining("last step must be 10000");
    }
}
