package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.api.replays.ReplayState;
import dev.rewind.api.replays.PartitionStatus;
import dev.rewind.api.replays.PartitionState;
import dev.rewind.api.replays.DryRunReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Computes a replay's {@link ReplayStatus} from what the control topic holds, following
 * REPLAY-PROTOCOL.md: PENDING until a plan exists, RUNNING until every partition is finished,
 * then FAILED if one failed, CANCELLED if one was cancelled, else COMPLETED.
 *
 * <p>The partitions taken into account are those planned plus those the version's group is
 * known to consume, so a replay is not called completed while an instance has yet to plan its
 * partitions. Once a cancel is requested, partitions never planned count as cancelled: no
 * instance will start them.
 */
public final class ReplayAggregator {

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private ReplayAggregator() {
    }

    /** The status of a replay given the partitions its version's group consumes. */
    public static ReplayStatus status(ReplayRecord record, Set<TopicPartition> groupPartitions) {
        Set<TopicPartition> all = new TreeSet<>(ORDER);
        all.addAll(record.plans().keySet());
        all.addAll(record.progress().keySet());
        if (!record.plans().isEmpty()) {
            // before the first plan the group's partitions say nothing about the replay's progress
            all.addAll(groupPartitions);
        }
        boolean cancel = record.cancelRequested().isPresent();
        List<PartitionStatus> partitions = new ArrayList<>();
        long reprocessed = 0;
        long skipped = 0;
        long errored = 0;
        long done = 0;
        long total = 0;
        Long eta = null;
        for (TopicPartition tp : all) {
            PartitionStatus p = partition(tp, record.plans().get(tp), record.progress().get(tp), cancel);
            partitions.add(p);
            reprocessed += p.reprocessed();
            skipped += p.skipped();
            errored += p.errored();
            if (p.startOffset() != null) {
                total += p.endOffset() - p.startOffset();
                done += Math.min(p.position(), p.endOffset()) - p.startOffset();
            }
            if (p.etaSeconds() != null && !p.state().isTerminal()) {
                eta = eta == null ? p.etaSeconds() : Math.max(eta, p.etaSeconds());
            }
        }
        ReplayState state = state(partitions, cancel);
        DryRunReport dryRun = record.dryRun().orElse(null);
        if (dryRun != null) {
            // a dry run is finished when its one result is written, whatever partitions say
            state = dryRun.failed() ? ReplayState.FAILED : ReplayState.COMPLETED;
        }
        double percent = state == ReplayState.COMPLETED ? 100.0 : total == 0 ? 0.0 : 100.0 * done / total;
        ReplaySpec s = record.spec();
        return new ReplayStatus(s.id().value(), s.target().component(), s.target().version(),
                s.cohort().toString(), s.window().from(), s.window().to(), s.dryRun(),
                s.maxEventsPerSecond().isPresent() ? s.maxEventsPerSecond().getAsDouble() : null, s.reason(),
                s.author(), s.requestedAt(), state, cancel, reprocessed, skipped, errored, done, total,
                percent, state.isTerminal() ? null : eta, partitions, dryRun);
    }

    private static ReplayState state(List<PartitionStatus> partitions, boolean cancel) {
        boolean anyPlanned = partitions.stream().anyMatch(p -> p.state() != PartitionState.PENDING);
        if (!anyPlanned) {
            return cancel ? ReplayState.CANCELLED : ReplayState.PENDING;
        }
        if (!partitions.stream().allMatch(p -> p.state().isTerminal())) {
            return ReplayState.RUNNING;
        }
        if (partitions.stream().anyMatch(p -> p.state() == PartitionState.FAILED)) {
            return ReplayState.FAILED;
        }
        if (partitions.stream().anyMatch(p -> p.state() == PartitionState.CANCELLED)) {
            return ReplayState.CANCELLED;
        }
        return ReplayState.COMPLETED;
    }

    private static PartitionStatus partition(TopicPartition tp, PartitionPlan plan, PartitionProgress progress,
            boolean cancel) {
        if (plan == null) {
            PartitionState state = cancel ? PartitionState.CANCELLED : PartitionState.PENDING;
            return new PartitionStatus(tp.topic(), tp.partition(), state, null, null, null, 0, 0, 0, 0.0, null,
                    null, null, null);
        }
        if (progress == null) {
            PartitionState state = plan.span() == 0 ? PartitionState.COMPLETED : PartitionState.RUNNING;
            return new PartitionStatus(tp.topic(), tp.partition(), state, plan.startOffset(), plan.startOffset(),
                    plan.endOffset(), 0, 0, 0, plan.span() == 0 ? 100.0 : 0.0, null, null, null, null);
        }
        long position = Math.max(plan.startOffset(), progress.position());
        long walked = Math.min(position, plan.endOffset()) - plan.startOffset();
        double percent = progress.state() == PartitionState.COMPLETED || plan.span() == 0 ? 100.0
                : 100.0 * walked / plan.span();
        return new PartitionStatus(tp.topic(), tp.partition(), progress.state(), plan.startOffset(), position,
                plan.endOffset(), progress.reprocessed(), progress.skipped(), progress.errored(), percent,
                eta(plan, progress, walked), progress.instanceId(), progress.message(), progress.updatedAt());
    }

    /** Remaining offsets at the average rate since the plan was written; null without a rate. */
    private static Long eta(PartitionPlan plan, PartitionProgress progress, long walked) {
        if (progress.state().isTerminal()) {
            return 0L;
        }
        long millis = Duration.between(plan.createdAt(), progress.updatedAt()).toMillis();
        if (walked <= 0 || millis <= 0) {
            return null;
        }
        double perMilli = (double) walked / millis;
        long remaining = plan.endOffset() - plan.startOffset() - walked;
        return (long) Math.ceil(remaining / perMilli / 1000.0);
    }
}
