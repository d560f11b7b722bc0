package dev.rewind.replaytool.replay;

import dev.rewind.api.replays.DryRunReport;
import dev.rewind.api.replays.PartitionState;
import dev.rewind.api.replays.PartitionStatus;
import dev.rewind.api.replays.ReplayState;
import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.protocol.control.ReplayPlan;
import dev.rewind.protocol.control.ReplayProgress;
import dev.rewind.protocol.control.ReplaySnapshot;
import dev.rewind.protocol.control.StartReplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Computes a replay's {@link ReplayStatus} (the API view) from what the control topic holds (a
 * {@link ReplaySnapshot} of the protocol's values), following protocol/REPLAY-PROTOCOL.md: PENDING until a plan exists, RUNNING until every partition is finished,
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

    /**
     * The START of a replay the service lists.
     *
     * @throws IllegalArgumentException when the snapshot has none (only later records were read)
     */
    public static StartReplay start(ReplaySnapshot record) {
        return record.start().orElseThrow(() -> new IllegalArgumentException("Replay " + record.replayId()
                + " has no START command on the control topic"));
    }

    /** The status of a replay given the partitions its version's group consumes. */
    public static ReplayStatus status(ReplaySnapshot record, Set<TopicPartition> groupPartitions) {
        StartReplay s = start(record);
        Set<TopicPartition> all = new TreeSet<>(ORDER);
        all.addAll(record.plans().keySet());
        all.addAll(record.progress().keySet());
        if (!record.plans().isEmpty()) {
            // before the first plan the group's partitions say nothing about the replay's progress
            all.addAll(groupPartitions);
        }
        boolean cancel = record.cancel().isPresent();
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
        DryRunReport dryRun = record.dryRun().map(ReplayAggregator::dryRun).orElse(null);
        if (dryRun != null) {
            // a dry run is finished when its one result is written, whatever partitions say
            state = dryRun.failed() ? ReplayState.FAILED : ReplayState.COMPLETED;
        }
        double percent = state == ReplayState.COMPLETED ? 100.0 : total == 0 ? 0.0 : 100.0 * done / total;
        return new ReplayStatus(s.replayId().value(), s.target().component(), s.target().version(),
                s.selector().toString(), s.window().from(), s.window().to(), s.dryRun(),
                s.maxEventsPerSecond().isPresent() ? s.maxEventsPerSecond().getAsDouble() : null, s.reason(),
                s.author(), s.requestedAt(), state, cancel, reprocessed, skipped, errored, done, total,
                percent, state.isTerminal() ? null : eta, partitions, dryRun,
                s.events().map(e -> e.size()).orElse(null));
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

    private static PartitionStatus partition(TopicPartition tp, ReplayPlan plan, ReplayProgress progress,
            boolean cancel) {
        if (plan == null) {
            PartitionState state = cancel ? PartitionState.CANCELLED : PartitionState.PENDING;
            return new PartitionStatus(tp.topic(), tp.partition(), state, null, null, null, 0, 0, 0, 0.0, null,
                    null, null, null);
        }
        if (progress == null) {
            PartitionState state = plan.length() == 0 ? PartitionState.COMPLETED : PartitionState.RUNNING;
            return new PartitionStatus(tp.topic(), tp.partition(), state, plan.startOffset(), plan.startOffset(),
                    plan.endOffset(), 0, 0, 0, plan.length() == 0 ? 100.0 : 0.0, null, null, null, null);
        }
        PartitionState state = PartitionState.valueOf(progress.state().name());
        long position = Math.max(plan.startOffset(), progress.position());
        long walked = Math.min(position, plan.endOffset()) - plan.startOffset();
        double percent = state == PartitionState.COMPLETED || plan.length() == 0 ? 100.0
                : 100.0 * walked / plan.length();
        return new PartitionStatus(tp.topic(), tp.partition(), state, plan.startOffset(), position,
                plan.endOffset(), progress.counts().reprocessed(), progress.counts().skipped(),
                progress.counts().errored(), percent, eta(plan, progress, walked), progress.instanceId(),
                progress.message().orElse(null), progress.updatedAt());
    }

    /** The API view of a dry-run report read from the control topic. */
    static DryRunReport dryRun(dev.rewind.protocol.control.DryRunReport r) {
        return new DryRunReport(r.events(), r.same(), r.changed(), r.added(), r.missing(), r.errored(),
                r.sample().stream().map(d -> new DryRunReport.Difference(d.eventId(),
                        d.kind().name().toLowerCase(Locale.ROOT), d.topic(), d.key().orElse(null),
                        d.expected().orElse(null), d.actual().orElse(null))).toList(),
                r.failed(), r.message().orElse(null), r.completedAt(), r.instanceId());
    }

    /** Remaining offsets at the average rate since the plan was written; null without a rate. */
    private static Long eta(ReplayPlan plan, ReplayProgress progress, long walked) {
        if (progress.state().isFinal()) {
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
