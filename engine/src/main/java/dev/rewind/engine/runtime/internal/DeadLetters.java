package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.config.ErrorPolicy;
import dev.rewind.engine.dlq.DlqEntryFactory;
import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.Step;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters a record with its source coordinates and the reason, writes its ERROR outcome when
 * its event id is known, and applies {@code error.policy}: the answer is {@link Step.Failed} (go
 * on) or {@link Step.Stopped} (stop the partition). Consumer thread only.
 */
public final class DeadLetters {

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final RecordWriter writer;
    private final DlqEntryFactory entries;
    private final OutcomeFactory outcomes;
    private final BatchTransaction transaction;
    private final EngineMetrics metrics;
    private final ErrorPolicy errorPolicy;

    public DeadLetters(RecordWriter writer, DlqEntryFactory entries, OutcomeFactory outcomes,
                       BatchTransaction transaction, EngineMetrics metrics, ErrorPolicy errorPolicy) {
        this.writer = writer;
        this.entries = entries;
        this.outcomes = outcomes;
        this.transaction = transaction;
        this.metrics = metrics;
        this.errorPolicy = errorPolicy;
    }

    /** A record that is not a valid event. */
    public Step rejected(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected,
                         Optional<ReplayId> replayId) {
        writer.writeDeadLetter(entries.create(record, rejected.eventId(), rejected.reason(), rejected.detail(), null),
                record.key());
        rejected.eventId().ifPresent(id -> writer.writeOutcome(outcomes.error(id,
                rejected.eventType().orElse("unknown"), rejected.cohort(), record, replayId,
                rejected.reason() + ": " + rejected.detail(), 0)));
        return failed(record, rejected.reason(), rejected.detail(), rejected.cohort(), null);
    }

    /** An event the processor failed on, or whose outputs could not be written. */
    public Step processorFailed(ConsumerRecord<byte[], byte[]> record, Event event, ProcessingMode mode,
                                Throwable failure, long micros) {
        String detail = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        writer.writeDeadLetter(entries.create(record, Optional.of(event.eventId()), DlqReason.PROCESSOR_ERROR, detail,
                failure), record.key());
        writer.writeOutcome(outcomes.error(event.eventId(), event.type(), event.cohort(), record, mode.replayId(),
                detail, micros));
        return failed(record, DlqReason.PROCESSOR_ERROR, detail, event.cohort(), failure);
    }

    private Step failed(ConsumerRecord<byte[], byte[]> record, DlqReason reason, String detail, Cohort cohort,
                        Throwable cause) {
        transaction.handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        metrics.errored(reason.name());
        metrics.processed("error", cohort);
        if (errorPolicy == ErrorPolicy.STOP_PARTITION) {
            LOGGER.atError().setCause(cause).addKeyValue("topic", record.topic())
                    .addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .addKeyValue("reason", reason)
                    .log("Partition stopped by error.policy=stop-partition after a dead letter: " + detail);
            return new Step.Stopped(reason);
        }
        LOGGER.atWarn().setCause(cause).addKeyValue("topic", record.topic())
                .addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                .addKeyValue("reason", reason).log("Event dead-lettered: " + detail);
        return new Step.Failed(reason);
    }
}
