package dev.rewind.protocol.control;

import dev.rewind.schemas.avro.DryRunResult;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import dev.rewind.schemas.avro.ReplayPartitionPlan;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * A value of {@code rewind.control} (protocol/REPLAY-PROTOCOL.md), with its key and its Avro record: the one vocabulary
 * engine and service share.
 */
public sealed interface ControlValue permits StartReplay, CancelReplay, ReplayPlan, ReplayProgress, DryRunReport,
        InstanceStatus {

    /** The key the value is written under. */
    ControlKey key();

    /** The Avro record written as the value (Confluent wire format, {@code TopicRecordNameStrategy}). */
    SpecificRecord toAvro();

    /**
     * Reads a decoded Avro value under {@code key}.
     *
     * @return empty when the key is {@link ControlKey.Kind#OTHER} or the record is not of the kind the key names
     *     (e.g. a CANCEL record under a START key): readers ignore such records
     * @throws IllegalArgumentException when the record has the right type but invalid content
     */
    static Optional<ControlValue> fromAvro(ControlKey key, Object avro) {
        ControlValue value = switch (key.kind()) {
            case COMMAND -> avro instanceof ReplayCommand c
                    && (c.getAction() == ReplayAction.START || c.getAction() == ReplayAction.REDRIVE)
                    ? StartReplay.fromAvro(c) : null;
            case CANCEL -> avro instanceof ReplayCommand c && c.getAction() == ReplayAction.CANCEL
                    ? CancelReplay.fromAvro(c) : null;
            case PLAN -> avro instanceof ReplayPartitionPlan p ? ReplayPlan.fromAvro(p) : null;
            case PROGRESS -> avro instanceof dev.rewind.schemas.avro.ReplayProgress p ? ReplayProgress.fromAvro(p) : null;
            case DRY_RUN -> avro instanceof DryRunResult r ? DryRunReport.fromAvro(r) : null;
            case STATUS -> avro instanceof dev.rewind.schemas.avro.InstanceStatus s ? InstanceStatus.fromAvro(s) : null;
            case OTHER -> null;
        };
        // a value must sit under its own key: plan/r1/t/0 holding r2's plan is not r1's plan
        return value != null && value.key().equals(key) ? Optional.of(value) : Optional.empty();
    }
}
