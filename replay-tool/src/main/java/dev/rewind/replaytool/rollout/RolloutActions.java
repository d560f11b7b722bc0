package dev.rewind.replaytool.rollout;

import dev.rewind.api.replays.ReplayRequest;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.rollout.RolloutMachine.Action;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Does what the {@link RolloutMachine} says one rollout needs, through {@link Effects}, and returns the rollout as
 * it is afterwards for the caller to record on {@code rewind.rollouts}. Nothing is recorded here, so the caller
 * may stop after an effect and before recording it: routes are published under the rollout's derived change ids,
 * which the machine finds on the route log next time, and the rollback's replay is started under its derived
 * id, which the replay service starts once. Calling again with the old record after such a stop therefore makes
 * no second route change and no second replay.
 */
final class RolloutActions {

    /** What a rollout's steps do outside {@code rewind.rollouts}: routes and replays. */
    interface Effects {

        /** When the route change {@code changeId} of {@code component} takes effect, if the route log holds it. */
        Optional<Instant> published(String component, String changeId);

        /** Publishes step {@code step}'s route under the new {@code changeId}; returns when it takes effect. */
        Instant publishStep(RolloutSpec spec, int step, String changeId, String reason);

        /** Restores the selector's route before the rollout under the new {@code changeId}; returns when. */
        Instant restore(RolloutSpec spec, PreviousRoute previous, String changeId, String reason);

        /**
         * Starts the replay under {@code replayId}, or returns the one started under it before.
         *
         * @throws Rejection when it cannot start yet (an overlapping replay runs, a version is not running)
         */
        void startReplay(ReplayRequest request, String replayId);

        /** The terminal state of the replay once it has one. */
        Optional<String> replayEnd(String replayId);
    }

    private RolloutActions() {
    }

    /**
     * Asks the machine what {@code rollout} needs now and does it.
     *
     * @param verdict the guard's verdict when the rollout is watching and its step is in effect, else empty
     * @return the rollout after it, or {@code rollout} itself when nothing changed
     */
    static Rollout take(Rollout rollout, Optional<GuardVerdict> verdict, Clock clock, Effects effects) {
        Instant now = clock.instant();
        RolloutSpec spec = rollout.spec();
        Optional<String> replayEnd = rollout.phase() instanceof RolloutPhase.Replaying replaying
                ? effects.replayEnd(replaying.replayId()) : Optional.empty();
        Action action = RolloutMachine.next(rollout, now, verdict, replayEnd,
                changeId -> effects.published(spec.component(), changeId));
        if (action instanceof RolloutMachine.PublishStep publish) {
            String changeId = rollout.id().stepChangeId(publish.step());
            Instant from = effects.publishStep(spec, publish.step(), changeId,
                    "rollout " + rollout.id() + " advances: " + publish.verdict().detail());
            return RolloutMachine.advanced(rollout, publish, from, changeId, clock.instant());
        }
        if (action instanceof RolloutMachine.RouteBack back) {
            String changeId = rollout.id().routeBackChangeId();
            Instant from = effects.restore(spec, rollout.previousRoute(), changeId,
                    "rollout " + rollout.id() + " rolls back: " + back.verdict().detail());
            return RolloutMachine.trippedAndRoutedBack(rollout, back, from, changeId, clock.instant());
        }
        if (action instanceof RolloutMachine.StartReplay) {
            return startReplay(rollout, effects, now);
        }
        return recordOnly(rollout, action, now);
    }

    /** The transitions that need nothing done outside the record. */
    private static Rollout recordOnly(Rollout rollout, Action action, Instant now) {
        if (action instanceof RolloutMachine.AdoptStep adopt) {
            return RolloutMachine.stepAdopted(rollout, adopt, now);
        }
        if (action instanceof RolloutMachine.AdoptRouteBack adopt) {
            return RolloutMachine.routeBackAdopted(rollout, adopt, now);
        }
        if (action instanceof RolloutMachine.Complete complete) {
            return RolloutMachine.completed(rollout, complete, now);
        }
        if (action instanceof RolloutMachine.NoteStarved starved) {
            return RolloutMachine.starved(rollout, starved, now);
        }
        if (action instanceof RolloutMachine.FinishRollback finish) {
            return RolloutMachine.rolledBack(rollout, finish, now);
        }
        return rollout;
    }

    private static Rollout startReplay(Rollout rollout, Effects effects, Instant now) {
        RolloutPhase.RollingBack phase = (RolloutPhase.RollingBack) rollout.phase();
        RolloutSpec spec = rollout.spec();
        String replayId = rollout.id().rollbackReplayId();
        try {
            effects.startReplay(new ReplayRequest(spec.component(), spec.baseline(), spec.selector().toString(),
                    rollout.movedFrom(), phase.routeBackFrom(), false, null, "rollout " + rollout.id()
                    + " rolled back: replay what " + spec.version() + " processed onto " + spec.baseline()), replayId);
            return RolloutMachine.replayStarted(rollout, replayId, now);
        } catch (Rejection e) {
            return RolloutMachine.replayWaiting(rollout, "The replay onto " + spec.baseline()
                    + " cannot start yet: " + e.getMessage() + " Retrying.", now);
        }
    }
}
