package dev.rewind.engine.replay.internal;

import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.EventPipeline;
import dev.rewind.engine.runtime.spi.EventState;
import dev.rewind.engine.runtime.spi.LoopExtension;
import dev.rewind.engine.runtime.spi.PartitionHandler;
import dev.rewind.engine.runtime.spi.PartitionListener;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.ReplayCounts;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.StartReplay;
import dev.rewind.protocol.control.ReplayProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs replays of this version on the partitions this instance owns (protocol/REPLAY-PROTOCOL.md): takes
 * START and CANCEL commands from the {@link ControlLog}, writes each partition's plan in the
 * transaction that moves its committed offset back to the plan's start, hands the partition to its
 * {@link ReplayPartitionHandler}, reports progress in the transactions that commit the offsets it
 * describes, and on assignment continues a replay another instance left unfinished from the
 * committed offset. Consumer thread only.
 */
public final class ReplayCoordinator implements LoopExtension, PartitionListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayCoordinator.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    /** What the coordinator works with. */
    public record Services(ComponentVersion version, String instanceId, ControlLog log, ControlRecords records,
                    BatchTransaction transaction, EventPipeline pipeline, EventState state,
                    Duration routeMargin, Clock clock, ReplayResumer resumer,
                    java.util.function.Function<StartReplay, dev.rewind.engine.replay.RateLimiter> limiters,
                    TopicPartition dryRunLeader, java.util.function.Function<StartReplay, Runnable> dryRuns) {
    }

    private final Services services;
    private final Map<TopicPartition, ReplayPartitionHandler> handlers = new HashMap<>();
    /** Plans this instance committed, until the control log shows them. */
    private final Set<String> planned = new HashSet<>();
    private final Set<ReplayId> dryRunsStarted = new HashSet<>();
    /** The control log's change count when the commands were last looked at. */
    private long seenChanges = -1;
    /** Whether the commands must be looked at again although the control log did not change. */
    private boolean rescan;

    public ReplayCoordinator(Services services) {
        this.services = services;
    }

    /** The handler of a newly assigned partition, continuing an unfinished replay if there is one. */
    public PartitionHandler handlerFor(TopicPartition partition, PartitionHandler live) {
        ReplayPartitionHandler handler = new ReplayPartitionHandler(partition, live, services.pipeline(),
                services.state(), services.clock(), handlers::remove);
        handlers.put(partition, handler);
        rescan = true;
        services.resumer().resume(handler, services.log().requestsFor(services.version()));
        return handler;
    }

    /** Makes sure plans committed by previous owners are visible before the partitions' handlers are made. */
    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        try {
            if (!services.log().awaitCaughtUp(CATCH_UP_TIMEOUT)) {
                throw new IllegalStateException("The control log did not catch up within " + CATCH_UP_TIMEOUT
                        + "; cannot tell whether the assigned partitions are mid-replay");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while catching up with the control log", e);
        }
    }

    @Override
    public void removed(Collection<TopicPartition> partitions) {
        partitions.forEach(handlers::remove);
    }

    @Override
    public void afterHandle(Control control) {
        Instant now = services.clock().instant();
        boolean busy = false;
        for (ReplayPartitionHandler handler : handlers.values()) {
            if (handler.phase() instanceof Replaying replaying) {
                finishOrCancel(control, handler, replaying, now);
            }
            busy |= handler.phase() != PartitionPhase.live();
        }
        long changes = services.log().changes();
        // a busy partition may take a waiting command once it is live again
        if (changes == seenChanges && !rescan && !busy) {
            return;
        }
        seenChanges = changes;
        rescan = false;
        List<StartReplay> requests = services.log().requestsFor(services.version());
        forgetSwept(requests);
        for (StartReplay request : requests) {
            if (services.log().isCancelled(request.replayId())) {
                continue;
            }
            if (!request.dryRun()) {
                startWhereNeeded(control, request);
            } else if (handlers.containsKey(services.dryRunLeader())
                    && services.log().dryRunReport(request.replayId()).isEmpty()
                    && dryRunsStarted.add(request.replayId())) {
                startDryRun(request);
            }
        }
    }

    /**
     * Forgets replays whose START was tombstoned (protocol/REPLAY-PROTOCOL.md, "Retention"), so that what this instance
     * remembers about replays stays as bounded as its control log.
     */
    private void forgetSwept(List<StartReplay> requests) {
        Set<String> known = new HashSet<>();
        requests.forEach(r -> known.add(r.replayId().value()));
        dryRunsStarted.removeIf(id -> !known.contains(id.value()));
        planned.removeIf(key -> !known.contains(key.substring(0, key.indexOf('/'))));
    }

    /** One instance runs each dry run: the owner of the first source topic's partition 0. */
    private void startDryRun(StartReplay request) {
        Thread thread = new Thread(services.dryRuns().apply(request), "rewind-dry-run-" + request.replayId());
        thread.setDaemon(true);
        thread.start();
        LOGGER.atInfo().addKeyValue("component", services.version().component())
                .addKeyValue("version", services.version().version()).addKeyValue("replayId", request.replayId())
                .log("Dry run started");
    }

    private void finishOrCancel(Control control, ReplayPartitionHandler handler, Replaying replaying, Instant now) {
        TopicPartition partition = handler.partition();
        if (services.log().isCancelled(replaying.request().replayId())) {
            services.transaction().commitOffset(partition, replaying.plan().endOffset(), replaying.position());
            handler.end(replaying.cancel(now));
            control.seek(partition, replaying.plan().endOffset());
            return;
        }
        // transaction markers or compaction may leave no record between the last one and the end
        replaying.advanceTo(Math.min(control.consumer().position(partition), replaying.plan().endOffset()));
        if (replaying.finished()) {
            handler.end(replaying.complete(now));
        }
    }

    private void startWhereNeeded(Control control, StartReplay request) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (ReplayPartitionHandler handler : handlers.values()) {
            TopicPartition partition = handler.partition();
            if (handler.phase() == PartitionPhase.live() && !control.isStopped(partition)
                    && !planned.contains(key(request.replayId(), partition))
                    && services.log().plan(request.replayId(), partition).isEmpty()) {
                partitions.add(partition);
            }
        }
        if (partitions.isEmpty()) {
            return;
        }
        // the service publishes the override before the command: wait until the route log has it
        if (!services.pipeline().ownership().decidable(request.requestedAt().plus(services.routeMargin()))) {
            rescan = true;
            return;
        }
        start(control, request, partitions);
    }

    private void start(Control control, StartReplay request, List<TopicPartition> partitions) {
        rescan = true; // look again next time, also if this fails and the loop aborts
        // commit what was handled live, so each plan's end is a committed position
        control.commitNow();
        Consumer<byte[], byte[]> consumer = control.consumer();
        Map<TopicPartition, Long> atFrom = new HashMap<>();
        partitions.forEach(p -> atFrom.put(p, request.window().from().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(atFrom, Duration.ofSeconds(30));
        Instant now = services.clock().instant();
        List<ReplayPlan> plans = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = found.get(partition);
            long position = consumer.position(partition);
            // a redrive starts at its first selected record of the partition; none: an empty plan
            OptionalLong start = request.events().isPresent()
                    ? request.events().get().first(partition).map(OptionalLong::of).orElse(OptionalLong.of(position))
                    : first == null ? OptionalLong.empty() : OptionalLong.of(first.offset());
            ReplayPlan plan = ReplayPlan.compute(request.replayId(), services.version(), partition, start, position,
                    now);
            services.transaction().send(services.records().record(plan));
            if (plan.isEmpty()) {
                services.transaction().send(services.records().record(new ReplayProgress(request.replayId(),
                        services.version(), partition, plan.endOffset(), ReplayCounts.ZERO,
                        ReplayProgress.State.COMPLETED, now, services.instanceId(), Optional.of("nothing to replay"))));
            } else {
                services.transaction().commitOffset(partition, plan.startOffset(), position);
            }
            plans.add(plan);
        }
        control.commitNow();
        for (ReplayPlan plan : plans) {
            planned.add(key(plan.replayId(), plan.partition()));
            LOGGER.atInfo().addKeyValue("component", services.version().component())
                    .addKeyValue("version", services.version().version()).addKeyValue("replayId", plan.replayId())
                    .addKeyValue("topic", plan.partition().topic()).addKeyValue("partition", plan.partition().partition())
                    .addKeyValue("startOffset", plan.startOffset()).addKeyValue("endOffset", plan.endOffset())
                    .log("Replay planned on partition");
            if (!plan.isEmpty()) {
                handlers.get(plan.partition()).replay(Replaying.start(request, plan, services.instanceId(),
                        services.limiters().apply(request)));
                control.seek(plan.partition(), plan.startOffset());
            }
        }
    }

    @Override
    public Duration commitInterval(Duration configured) {
        return commitInterval(configured, handlers.values());
    }

    /**
     * While every assigned partition replays, nothing live waits for the next commit: a replay's
     * outputs, offsets and progress commit once per {@link Replaying#PROGRESS_INTERVAL} rather than
     * once per {@code commit.interval.ms} (a transaction's round trips were the replay's main cost:
     * bench/results/profiles.md). As soon as one partition is live (or done), the configured one.
     */
    static Duration commitInterval(Duration configured, Collection<ReplayPartitionHandler> handlers) {
        if (handlers.isEmpty() || configured.compareTo(Replaying.PROGRESS_INTERVAL) >= 0) {
            return configured;
        }
        for (ReplayPartitionHandler handler : handlers) {
            if (!(handler.phase() instanceof Replaying)) {
                return configured;
            }
        }
        return Replaying.PROGRESS_INTERVAL;
    }

    @Override
    public void beforeCommit() {
        Instant now = services.clock().instant();
        for (ReplayPartitionHandler handler : handlers.values()) {
            handler.statusToSend(now).ifPresent(status ->
                    services.transaction().send(services.records().record(status)));
        }
    }

    private static String key(ReplayId replayId, TopicPartition partition) {
        return replayId + "/" + partition;
    }
}
