package dev.rewind.replaytool.rollout;

import static dev.rewind.replaytool.rollout.RolloutFixtures.HOLD;
import static dev.rewind.replaytool.rollout.RolloutFixtures.PASS;
import static dev.rewind.replaytool.rollout.RolloutFixtures.T0;
import static dev.rewind.replaytool.rollout.RolloutFixtures.TRIP;
import static dev.rewind.replaytool.rollout.RolloutFixtures.rollout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.replays.ReplayRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The driver acts (publishes a route, starts a replay) and records afterwards; a service that stops in between
 * is simulated by dropping what {@link RolloutActions#take} returned and calling it again with the old record,
 * as the restarted service's driver does.
 */
class RolloutRestartTest {

    /** How long after its publication a route change takes effect (the route margin). */
    private static final long MARGIN_SECONDS = 10;

    @Test
    void aStepRoutePublishedBeforeACrashIsRecordedOnRestartAndNotPublishedAgain() {
        World world = new World();
        Rollout watching = rollout(List.of(1000, 10_000));
        Instant now = T0.plusSeconds(31);

        Rollout lost = take(watching, Optional.of(PASS), now, world);
        // the guard sees otherwise after the restart: the published step stands all the same
        Rollout recorded = take(watching, Optional.of(HOLD), now.plusSeconds(5), world);

        assertThat(world.publications).containsExactly(watching.id().stepChangeId(1));
        assertThat(recorded.phase()).isEqualTo(lost.phase())
                .isEqualTo(new RolloutPhase.Watching(1, now.plusSeconds(MARGIN_SECONDS),
                        now.plusSeconds(MARGIN_SECONDS)));
        assertThat(recorded.lastDecision().kind()).isEqualTo("advanced");
        assertThat(recorded.lastDecision().routeChangeId()).isEqualTo(watching.id().stepChangeId(1));
    }

    @Test
    void aRouteBackPublishedBeforeACrashIsRecordedOnRestartEvenIfTheGuardNowPasses() {
        World world = new World();
        Rollout watching = rollout(List.of(1000, 10_000));
        Instant now = T0.plusSeconds(31);

        take(watching, Optional.of(TRIP), now, world);
        Rollout recorded = take(watching, Optional.of(PASS), now.plusSeconds(5), world);

        assertThat(world.publications).as("no step published over the route back")
                .containsExactly(watching.id().routeBackChangeId());
        assertThat(recorded.phase()).isEqualTo(new RolloutPhase.RollingBack(0, now.plusSeconds(MARGIN_SECONDS)));
        assertThat(recorded.lastDecision().kind()).isEqualTo("tripped");
        assertThat(recorded.lastDecision().routeChangeId()).isEqualTo(watching.id().routeBackChangeId());
    }

    @Test
    void aRollbackReplayStartedBeforeACrashIsNotStartedAgainEvenOnceItFinished() {
        World world = new World();
        Rollout watching = rollout(List.of(10_000));
        Rollout rollingBack = take(watching, Optional.of(TRIP), T0.plusSeconds(31), world);
        Instant now = T0.plusSeconds(60);

        Rollout lost = take(rollingBack, Optional.empty(), now, world);
        world.finishReplays(); // a short window: done before the service is back, so no overlap check stops a second
        Rollout recorded = take(rollingBack, Optional.empty(), now.plusSeconds(5), world);

        assertThat(world.replaysStarted).containsExactly(watching.id().rollbackReplayId());
        assertThat(recorded.phase()).isEqualTo(lost.phase())
                .isEqualTo(new RolloutPhase.Replaying(0, T0.plusSeconds(31 + MARGIN_SECONDS),
                        watching.id().rollbackReplayId()));
    }

    @Test
    void aRolloutThatCrashesAfterEveryActionMakesEachRouteChangeAndTheReplayOnce() {
        World world = new World();
        Rollout rollout = rollout(List.of(1000, 10_000));
        // step 0 passes, step 1 trips
        Function<Rollout, Optional<GuardVerdict>> guard = r -> r.phase() instanceof RolloutPhase.Watching w
                ? Optional.of(w.step() == 0 ? PASS : TRIP) : Optional.empty();
        Set<String> crashedAfter = new HashSet<>();
        Instant now = T0;
        for (int tick = 0; tick < 40 && !rollout.phase().terminal(); tick++) {
            now = now.plusSeconds(15);
            Rollout next = take(rollout, guard.apply(rollout), now, world);
            world.finishReplays(); // a short window: done before the next tick
            if (next != rollout && !crashedAfter.add(next.lastDecision().kind())) {
                rollout = next; // recorded the second time round; the first result was lost in a crash
            }
        }

        assertThat(rollout.phase()).isInstanceOf(RolloutPhase.RolledBack.class);
        assertThat(crashedAfter).contains("advanced", "tripped", "replay-started", "rolled-back");
        assertThat(world.publications).containsExactly(rollout.id().stepChangeId(1),
                rollout.id().routeBackChangeId());
        assertThat(world.replaysStarted).containsExactly(rollout.id().rollbackReplayId());
        assertThat(rollout.decisions()).extracting(Decision::kind)
                .containsExactly("started", "advanced", "tripped", "replay-started", "rolled-back");
    }

    /** One round of the driver for {@code rollout} at {@code now}. */
    private static Rollout take(Rollout rollout, Optional<GuardVerdict> verdict, Instant now, World world) {
        world.now = now;
        return RolloutActions.take(rollout, verdict, Clock.fixed(now, ZoneOffset.UTC), world);
    }

    /**
     * The route log and the replay service as the driver reaches them, in memory: a route change is on the log
     * under its change id from its publication on, taking effect after {@link #MARGIN_SECONDS}; a replay is
     * started once per id, as {@code ReplayService.start} with an id does, and finishes when told.
     */
    private static final class World implements RolloutActions.Effects {

        final List<String> publications = new ArrayList<>();
        final List<String> replaysStarted = new ArrayList<>();
        private final Map<String, Instant> routeLog = new HashMap<>();
        private final Map<String, String> replays = new HashMap<>();
        private Instant now = T0;

        @Override
        public Optional<Instant> published(String component, String changeId) {
            return Optional.ofNullable(routeLog.get(changeId));
        }

        @Override
        public Instant publishStep(RolloutSpec spec, int step, String changeId, String reason) {
            return publish(changeId);
        }

        @Override
        public Instant restore(RolloutSpec spec, PreviousRoute previous, String changeId, String reason) {
            return publish(changeId);
        }

        private Instant publish(String changeId) {
            publications.add(changeId);
            Instant effectiveFrom = now.plusSeconds(MARGIN_SECONDS);
            routeLog.put(changeId, effectiveFrom);
            return effectiveFrom;
        }

        @Override
        public void startReplay(ReplayRequest request, String replayId) {
            if (replays.putIfAbsent(replayId, "running") == null) {
                replaysStarted.add(replayId);
            }
        }

        @Override
        public Optional<String> replayEnd(String replayId) {
            return Optional.ofNullable(replays.get(replayId)).filter("completed"::equals);
        }

        void finishReplays() {
            replays.replaceAll((id, state) -> "completed");
        }
    }
}
