package dev.rewind.replaytool.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.routing.CohortSelector;
import dev.rewind.api.replays.DryRunReport;
import dev.rewind.replaytool.replay.PartitionPlan;
import dev.rewind.replaytool.replay.PartitionProgress;
import dev.rewind.api.replays.PartitionState;
import dev.rewind.replaytool.replay.ReplaySpec;
import dev.rewind.replaytool.replay.ReplayWindow;
import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.DryRunState;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.avro.ReplayPartitionPlan;
import dev.rewind.schemas.avro.ReplayProgress;
import java.time.Instant;
import java.util.OptionalDouble;
import org.apache.kafka.common.TopicPartition;

/** Converts between the Avro records of the control topic and the service's replay types. */
public final class ControlCommands {

    private ControlCommands() {
    }

    public static ReplayCommand start(ReplaySpec spec) {
        return ReplayCommand.newBuilder()
                .setReplayId(spec.id().value())
                .setComponent(spec.target().component())
                .setVersion(spec.target().version())
                .setSelector(spec.cohort().toString())
                .setFrom(spec.window().from())
                .setTo(spec.window().to())
                .setDryRun(spec.dryRun())
                .setMaxEventsPerSecond(spec.maxEventsPerSecond().isPresent()
                        ? spec.maxEventsPerSecond().getAsDouble() : null)
                .setReason(spec.reason())
                .setAuthor(spec.author())
                .setRequestedAt(spec.requestedAt())
                .setAction(ReplayAction.START)
                .build();
    }

    public static ReplayCommand cancel(ReplaySpec spec, String author, Instant at) {
        ReplayCommand command = start(spec);
        command.setAction(ReplayAction.CANCEL);
        command.setAuthor(author);
        command.setRequestedAt(at);
        return command;
    }

    static ReplaySpec spec(ReplayCommand c) {
        Double rate = c.getMaxEventsPerSecond();
        return new ReplaySpec(ReplayId.of(c.getReplayId()), new ComponentVersion(c.getComponent(), c.getVersion()),
                CohortSelector.parse(c.getSelector()), new ReplayWindow(c.getFrom(), c.getTo()), c.getDryRun(),
                rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate), c.getReason(), c.getAuthor(),
                c.getRequestedAt());
    }

    static DryRunReport dryRun(DryRunResult r) {
        return new DryRunReport(r.getEvents(), r.getSame(), r.getChanged(), r.getAdded(), r.getMissing(), r.getErrored(),
                r.getSample().stream().map(d -> new DryRunReport.Difference(d.getEventId(),
                        d.getKind().name().toLowerCase(java.util.Locale.ROOT), d.getTopic(), d.getKey(), d.getExpected(),
                        d.getActual())).toList(),
                r.getState() == DryRunState.FAILED, r.getMessage(), r.getCompletedAt(), r.getInstanceId());
    }

    static PartitionPlan plan(ReplayPartitionPlan p) {
        return new PartitionPlan(new TopicPartition(p.getTopic(), p.getPartition()), p.getStartOffset(),
                p.getEndOffset(), p.getCreatedAt());
    }

    static PartitionProgress progress(ReplayProgress p) {
        return new PartitionProgress(new TopicPartition(p.getTopic(), p.getPartition()), p.getPosition(),
                p.getReprocessed(), p.getSkipped(), p.getErrored(), PartitionState.valueOf(p.getState().name()),
                p.getUpdatedAt(), p.getInstanceId(), p.getMessage());
    }
}
