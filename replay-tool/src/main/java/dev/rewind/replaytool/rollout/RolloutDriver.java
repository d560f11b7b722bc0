package dev.rewind.replaytool.rollout;

import dev.rewind.api.replays.ReplayRequest;
import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.access.Role;
import dev.rewind.replaytool.history.IndexUnavailableException;
import dev.rewind.replaytool.history.KeyElsewhereException;
import dev.rewind.replaytool.replay.ReplayService;
import dev.rewind.schemas.avro.AuditAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the guard's decisions: every {@code interval} it asks the {@link RolloutMachine} what each unfinished
 * rollout needs and does it: publishes the next step's route, completes, routes back when the guard trips,
 * replays the affected window onto the baseline once the route back is in effect (through the
 * {@link ReplayService}, as an operator's replay), and notes when that replay finished. Each decision is
 * written to {@code rewind.rollouts} and audited.
 *
 * <p>Restart-safe: all it knows is on {@code rewind.rollouts}, so a restarted service picks every rollout up
 * where it was. A route published or a replay started just before a crash and not yet recorded is found
 * again by its derived id and recorded, not made a second time ({@link RolloutActions}). Does nothing once
 * another instance has fenced this one's {@link RolloutLog}.
 *
 * <p>One thread.
 */
public final class RolloutDriver implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RolloutDriver.class);

    private final RolloutService service;
    private final ReplayService replays;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    private RolloutDriver(RolloutService service, ReplayService replays, Clock clock) {
        this.service = service;
        this.replays = replays;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rewind-rollout-driver");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts ticking every {@code interval}. */
    public static RolloutDriver start(RolloutService service, ReplayService replays, Clock clock, Duration interval) {
        RolloutDriver driver = new RolloutDriver(service, replays, clock);
        driver.executor.scheduleWithFixedDelay(driver::tick, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return driver;
    }

    /** One round over every unfinished rollout; failures are logged and retried next round. */
    void tick() {
        RolloutLog log = service.log();
        if (log.fenced()) {
            return;
        }
        for (Rollout rollout : log.all()) {
            if (rollout.phase().terminal() || rollout.phase() instanceof RolloutPhase.Paused) {
                continue;
            }
            try {
                synchronized (log) {
                    // re-read under the lock: an operator may have paused or aborted it meanwhile
                    log.get(rollout.id()).filter(r -> !r.phase().terminal()).ifPresent(this::advance);
                }
            } catch (RuntimeException e) {
                LOGGER.atWarn().addKeyValue("rolloutId", rollout.id()).addKeyValue("component",
                        rollout.spec().component()).setCause(e).log("Rollout step failed; retrying");
            }
        }
    }

    private void advance(Rollout rollout) {
        Optional<GuardVerdict> verdict;
        try {
            verdict = service.guardNow(rollout);
        } catch (IndexUnavailableException | KeyElsewhereException e) {
            // starting or rebalancing, or (several instances) another one holds the statistics: no verdict now,
            // though a move published before a restart is still recorded
            LOGGER.atDebug().addKeyValue("rolloutId", rollout.id()).log("Guard statistics unavailable: {}",
                    e.getMessage());
            verdict = Optional.empty();
        }
        Caller guard = new Caller("rewind (rollout " + rollout.id() + ")", Role.OPERATOR);
        Rollout next = RolloutActions.take(rollout, verdict, clock, new ServiceEffects(guard));
        if (next != rollout) {
            service.log().write(next);
            service.audit(guard, AuditAction.ROLLOUT_DECIDED, next, next.lastDecision().detail(), next.lastDecision());
            LOGGER.atInfo().addKeyValue("rolloutId", rollout.id()).addKeyValue("component", rollout.spec().component())
                    .addKeyValue("cohort", rollout.spec().selector()).addKeyValue("state", next.phase().label())
                    .log("Rollout decision {}: {}", next.lastDecision().kind(), next.lastDecision().detail());
        }
    }

    /** Routes through the rollout service's route changes, replays through the replay service, as {@code guard}. */
    private final class ServiceEffects implements RolloutActions.Effects {

        private final Caller guard;

        ServiceEffects(Caller guard) {
            this.guard = guard;
        }

        @Override
        public Optional<Instant> published(String component, String changeId) {
            return service.routes().published(component, changeId);
        }

        @Override
        public Instant publishStep(RolloutSpec spec, int step, String changeId, String reason) {
            return service.routes().publishStep(spec, step, changeId, guard, reason).effectiveFrom();
        }

        @Override
        public Instant restore(RolloutSpec spec, PreviousRoute previous, String changeId, String reason) {
            return service.routes().restore(spec, previous, changeId, guard, reason).effectiveFrom();
        }

        @Override
        public void startReplay(ReplayRequest request, String replayId) {
            replays.start(request, ReplayId.of(replayId), guard);
        }

        @Override
        public Optional<String> replayEnd(String replayId) {
            ReplayStatus status = replays.get(replayId);
            return status.state().isTerminal() ? Optional.of(status.state().label()) : Optional.empty();
        }
    }

    /** Stops ticking. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
