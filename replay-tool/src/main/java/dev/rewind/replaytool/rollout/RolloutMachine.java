package dev.rewind.replaytool.rollout;

import dev.rewind.replaytool.rollout.RolloutPhase.Aborted;
import dev.rewind.replaytool.rollout.RolloutPhase.Completed;
import dev.rewind.replaytool.rollout.RolloutPhase.Paused;
import dev.rewind.replaytool.rollout.RolloutPhase.Replaying;
import dev.rewind.replaytool.rollout.RolloutPhase.RolledBack;
import dev.rewind.replaytool.rollout.RolloutPhase.RollingBack;
import dev.rewind.replaytool.rollout.RolloutPhase.Watching;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rollout's step state machine, pure: {@link #next} says what a rollout needs done now, and the
 * other methods give the rollout after that was done (the driver does the I/O in between: publish a
 * route, start a replay). No clock and no Kafka here, so every transition has a unit test.
 *
 * <p>Crash windows: the driver acts first and records after, so a service may stop in between. The route
 * changes a rollout publishes carry ids derived from its id and step ({@link RolloutId#stepChangeId},
 * {@link RolloutId#routeBackChangeId}); {@link #next} looks them up on the route log before the guard is
 * asked, and a move that was published but not recorded is recorded ({@link AdoptStep},
 * {@link AdoptRouteBack}) rather than made again or replaced by another (the guard may see otherwise by
 * now). The rollback's replay has a derived id too ({@link RolloutId#rollbackReplayId}), which the
 * replay service starts once.
 */
public final class RolloutMachine {

    private RolloutMachine() {
    }

    /** What a rollout needs done. */
    public sealed interface Action {
    }

    /** Nothing now. */
    public record Wait() implements Action {
    }

    /** The step passed and is not the last: publish the route of {@code step}. */
    public record PublishStep(int step, GuardVerdict verdict) implements Action {
    }

    /** The last step passed. */
    public record Complete(GuardVerdict verdict) implements Action {
    }

    /** The guard tripped: restore the previous route. */
    public record RouteBack(GuardVerdict verdict) implements Action {
    }

    /** The window passed with too few outcomes (noted once per step): keep watching. */
    public record NoteStarved(GuardVerdict verdict) implements Action {
    }

    /** The route back is in effect: replay the affected window onto the baseline. */
    public record StartReplay() implements Action {
    }

    /** The rollback's replay finished in {@code state}. */
    public record FinishRollback(String state) implements Action {
    }

    /**
     * Step {@code step}'s route is on the route log, taking effect at {@code effectiveFrom}, but the record
     * does not say so (the service stopped in between): record the step, publish nothing.
     */
    public record AdoptStep(int step, Instant effectiveFrom) implements Action {
    }

    /**
     * The route back is on the route log, taking effect at {@code routeBackFrom}, but the record does not
     * say so: record the trip, publish nothing.
     */
    public record AdoptRouteBack(Instant routeBackFrom) implements Action {
    }

    /**
     * What {@code rollout} needs done at {@code now}.
     *
     * @param verdict the guard's verdict when the rollout is watching and its step is in effect, else empty
     * @param replayEnd the terminal state of the rollback's replay once it has one, else empty
     * @param published when the route change of a given id takes effect, if the route log holds it
     */
    public static Action next(Rollout rollout, Instant now, Optional<GuardVerdict> verdict,
            Optional<String> replayEnd, Function<String, Optional<Instant>> published) {
        RolloutPhase phase = rollout.phase();
        if (phase instanceof Watching watching) {
            Optional<Action> unrecorded = unrecordedMove(rollout, watching, published);
            if (unrecorded.isPresent()) {
                return unrecorded.get();
            }
            if (now.isBefore(watching.watchFrom()) || verdict.isEmpty()) {
                return new Wait();
            }
            GuardVerdict v = verdict.get();
            if (v instanceof GuardVerdict.Trip) {
                return new RouteBack(v);
            }
            if (v instanceof GuardVerdict.Pass) {
                return watching.step() == rollout.spec().lastStep() ? new Complete(v)
                        : new PublishStep(watching.step() + 1, v);
            }
            GuardVerdict.Hold hold = (GuardVerdict.Hold) v;
            boolean noted = rollout.lastDecision().kind().equals("held")
                    && rollout.lastDecision().step() == watching.step();
            return hold.starved() && !noted ? new NoteStarved(v) : new Wait();
        }
        if (phase instanceof RollingBack rollingBack) {
            return now.isBefore(rollingBack.routeBackFrom()) ? new Wait() : new StartReplay();
        }
        if (phase instanceof Replaying) {
            return replayEnd.<Action>map(FinishRollback::new).orElseGet(Wait::new);
        }
        return new Wait();
    }

    /** The route back or the next step's route if the route log holds it: a move made but not recorded. */
    private static Optional<Action> unrecordedMove(Rollout rollout, Watching watching,
            Function<String, Optional<Instant>> published) {
        Optional<Instant> back = published.apply(rollout.id().routeBackChangeId());
        if (back.isPresent()) {
            return Optional.of(new AdoptRouteBack(back.get()));
        }
        int step = watching.step() + 1;
        if (step > rollout.spec().lastStep()) {
            return Optional.empty();
        }
        return published.apply(rollout.id().stepChangeId(step)).map(from -> new AdoptStep(step, from));
    }

    /** Started: step 0's route takes effect at {@code effectiveFrom}. */
    public static RolloutPhase started(Instant effectiveFrom) {
        return new Watching(0, effectiveFrom, effectiveFrom);
    }

    /** The next step's route was published, taking effect at {@code effectiveFrom}. */
    public static Rollout advanced(Rollout rollout, PublishStep action, Instant effectiveFrom, String changeId,
            Instant now) {
        String detail = action.verdict().detail() + " " + stepDetail(rollout.spec(), action.step(), effectiveFrom);
        return rollout.then(new Watching(action.step(), effectiveFrom, effectiveFrom),
                Decision.ofVerdict(now, "advanced", action.step(), action.verdict(), detail).withRouteChange(changeId));
    }

    /** The next step's route, published before the service stopped, is recorded; the guard's figures are lost. */
    public static Rollout stepAdopted(Rollout rollout, AdoptStep action, Instant now) {
        String detail = "The window of step " + action.step() + " passed. " + stepDetail(rollout.spec(), action.step(),
                action.effectiveFrom()) + " (Published before the service restarted; recorded now.)";
        return rollout.then(new Watching(action.step(), action.effectiveFrom(), action.effectiveFrom()),
                Decision.of(now, "advanced", action.step(), detail, Decision.GUARD)
                        .withRouteChange(rollout.id().stepChangeId(action.step())));
    }

    private static String stepDetail(RolloutSpec spec, int step, Instant effectiveFrom) {
        return "Step " + (step + 1) + " of " + spec.stepBasisPoints().size() + ": " + spec.percent(step).toPlainString()
                + "% of " + spec.selector() + " on " + spec.version() + " from " + effectiveFrom + ".";
    }

    /** Every step passed. */
    public static Rollout completed(Rollout rollout, Complete action, Instant now) {
        int step = rollout.phase().step();
        return rollout.then(new Completed(step), Decision.ofVerdict(now, "completed", step, action.verdict(),
                action.verdict().detail() + " " + rollout.spec().selector() + " runs on "
                        + rollout.spec().version() + "."));
    }

    /** The route back was published, taking effect at {@code routeBackFrom}. */
    public static Rollout trippedAndRoutedBack(Rollout rollout, RouteBack action, Instant routeBackFrom,
            String changeId, Instant now) {
        int step = rollout.phase().step();
        String detail = action.verdict().detail() + " " + routeBackDetail(rollout, routeBackFrom);
        return rollout.then(new RollingBack(step, routeBackFrom),
                Decision.ofVerdict(now, "tripped", step, action.verdict(), detail).withRouteChange(changeId));
    }

    /** The route back, published before the service stopped, is recorded; the guard's figures are lost. */
    public static Rollout routeBackAdopted(Rollout rollout, AdoptRouteBack action, Instant now) {
        int step = rollout.phase().step();
        String detail = "The guard tripped. " + routeBackDetail(rollout, action.routeBackFrom())
                + " (Published before the service restarted; recorded now.)";
        return rollout.then(new RollingBack(step, action.routeBackFrom()),
                Decision.of(now, "tripped", step, detail, Decision.GUARD)
                        .withRouteChange(rollout.id().routeBackChangeId()));
    }

    private static String routeBackDetail(Rollout rollout, Instant routeBackFrom) {
        return rollout.spec().selector() + " goes back to " + rollout.spec().baseline() + " from " + routeBackFrom
                + "; then [" + rollout.movedFrom() + ", " + routeBackFrom + ") is replayed onto it.";
    }

    /** The window passed starved; noted once. */
    public static Rollout starved(Rollout rollout, NoteStarved action, Instant now) {
        int step = rollout.phase().step();
        return rollout.noting(Decision.ofVerdict(now, "held", step, action.verdict(), action.verdict().detail()));
    }

    /** The rollback's replay was accepted. */
    public static Rollout replayStarted(Rollout rollout, String replayId, Instant now) {
        RollingBack rollingBack = (RollingBack) rollout.phase();
        return rollout.then(new Replaying(rollingBack.step(), rollingBack.routeBackFrom(), replayId),
                Decision.of(now, "replay-started", rollingBack.step(), "Replaying " + rollout.spec().selector()
                        + " over [" + rollout.movedFrom() + ", " + rollingBack.routeBackFrom() + ") onto "
                        + rollout.spec().baseline() + ".", Decision.GUARD).withReplay(replayId));
    }

    /** The rollback's replay could not start yet (noted once per distinct reason); retried. */
    public static Rollout replayWaiting(Rollout rollout, String why, Instant now) {
        Decision last = rollout.lastDecision();
        if (last.kind().equals("replay-waiting") && last.detail().equals(why)) {
            return rollout;
        }
        return rollout.noting(Decision.of(now, "replay-waiting", rollout.phase().step(), why, Decision.GUARD));
    }

    /** The rollback's replay finished. */
    public static Rollout rolledBack(Rollout rollout, FinishRollback action, Instant now) {
        Replaying replaying = (Replaying) rollout.phase();
        return rollout.then(new RolledBack(replaying.step(), replaying.routeBackFrom(), replaying.replayId()),
                Decision.of(now, "rolled-back", replaying.step(), "Replay " + replaying.replayId() + " onto "
                        + rollout.spec().baseline() + " " + action.state() + "; " + rollout.spec().selector()
                        + " is back on " + rollout.spec().baseline() + ".", Decision.GUARD)
                        .withReplay(replaying.replayId()));
    }

    /**
     * Paused by {@code author}.
     *
     * @throws IllegalStateException unless watching
     */
    public static Rollout paused(Rollout rollout, String author, String reason, Instant now) {
        if (!(rollout.phase() instanceof Watching watching)) {
            throw new IllegalStateException("only a watching rollout can be paused; this one is "
                    + rollout.phase().label());
        }
        return rollout.then(new Paused(watching.step(), watching.effectiveFrom()),
                Decision.of(now, "paused", watching.step(), reason, author));
    }

    /**
     * Resumed by {@code author}: the step's window starts again at {@code now} (or when the step takes effect).
     *
     * @throws IllegalStateException unless paused
     */
    public static Rollout resumed(Rollout rollout, String author, String reason, Instant now) {
        if (!(rollout.phase() instanceof Paused paused)) {
            throw new IllegalStateException("only a paused rollout can be resumed; this one is "
                    + rollout.phase().label());
        }
        Instant watchFrom = now.isAfter(paused.effectiveFrom()) ? now : paused.effectiveFrom();
        return rollout.then(new Watching(paused.step(), paused.effectiveFrom(), watchFrom),
                Decision.of(now, "resumed", paused.step(), reason, author));
    }

    /** Whether an operator may abort it: while watching or paused. */
    public static boolean abortable(Rollout rollout) {
        return rollout.phase() instanceof Watching || rollout.phase() instanceof Paused;
    }

    /**
     * Aborted by {@code author}; the route was restored by change {@code changeId}.
     *
     * @throws IllegalStateException unless {@link #abortable}
     */
    public static Rollout aborted(Rollout rollout, String author, String reason, String changeId, Instant now) {
        if (!abortable(rollout)) {
            throw new IllegalStateException("only a watching or paused rollout can be aborted; this one is "
                    + rollout.phase().label());
        }
        int step = rollout.phase().step();
        return rollout.then(new Aborted(step), Decision.of(now, "aborted", step, reason, author)
                .withRouteChange(changeId));
    }
}
