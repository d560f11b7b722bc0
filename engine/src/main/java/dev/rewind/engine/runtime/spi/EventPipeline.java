package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.runtime.internal.DedupeStore;
import dev.rewind.engine.runtime.internal.RecordWriter;
import dev.rewind.engine.config.ErrorPolicy;
import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.dlq.DlqEntryFactory;
import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.schemas.avro.OutputRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every partition handler composes: decode, decide the owner, dedupe, process, write
 * outputs and outcome, dead-letter. Shared by all handlers of a runtime; consumer thread only.
 */
public final class EventPipeline {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventPipeline.class);

    private final Services services;
    private boolean lastFailed;

    /** Everything the steps need, built once per runtime. */
    public record Services(EventDecoder decoder, OwnershipCheck ownership, DedupeStore dedupe,
                    ProcessorInvoker invoker, RecordWriter writer, BatchTransaction transaction,
                    OutcomeFactory outcomes, DlqEntryFactory deadLetters, EngineMetrics metrics,
                    ErrorPolicy errorPolicy, Clock clock) {
    }

    public EventPipeline(Services services) {
        this.services = services;
    }

    public DecodeResult decode(ConsumerRecord<byte[], byte[]> record) {
        return services.decoder().decode(record);
    }

    public OwnershipCheck ownership() {
        return services.ownership();
    }

    /** Skips an event another version owns: no outcome, only a metric. */
    public Step skipNotOwned(ConsumerRecord<byte[], byte[]> record) {
        services.transaction().handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        services.metrics().skipped("not-owned");
        return Step.NEXT;
    }

    /** Skips a record a replay passes over: no outcome, only a metric. */
    public Step skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        services.transaction().handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        services.metrics().skipped(reason);
        return Step.NEXT;
    }

    /** Whether the last {@link #process} call dead-lettered its event. */
    public boolean lastProcessingFailed() {
        return lastFailed;
    }

    /** Whether a live event is a second copy of one processed within the dedupe window. */
    public boolean isDuplicate(Event event) {
        return services.dedupe() != null && services.dedupe().seen(partitionOf(event), event.eventId(),
                event.time().toEpochMilli());
    }

    /** Writes a SKIPPED_DUP outcome for a duplicate. */
    public Step skipDuplicate(Event event, ProcessingMode mode) {
        services.writer().writeOutcome(services.outcomes().duplicate(event, mode.replayId()));
        services.transaction().handled(partitionOf(event), event.offset());
        services.metrics().processed("skipped-dup", event.cohort());
        return Step.NEXT;
    }

    /**
     * Processes an owned event: calls the processor and writes its outputs and OK outcome, or
     * dead-letters it. Live events are recorded for dedupe; replayed ones are not.
     */
    public Step process(ConsumerRecord<byte[], byte[]> record, Event event, ProcessingMode mode) {
        lastFailed = false;
        ProcessorInvoker.Invocation invocation = services.invoker().invoke(event, mode);
        services.metrics().processingTime(invocation.micros());
        if (invocation.failed()) {
            return deadLetter(record, event, mode, invocation.failure(), invocation.micros());
        }
        List<OutputRef> outputs;
        try {
            outputs = services.writer().writeOutputs(event, mode, invocation.outputs());
        } catch (RecordWriter.OutputException e) {
            services.invoker().discard();
            return deadLetter(record, event, mode, e, invocation.micros());
        }
        services.invoker().keep();
        services.writer().writeOutcome(services.outcomes().ok(event, mode.replayId(), outputs,
                invocation.micros()));
        if (!mode.isReplay() && services.dedupe() != null) {
            services.dedupe().record(partitionOf(event), event.eventId(), event.time().toEpochMilli());
        }
        services.transaction().handled(partitionOf(event), event.offset());
        services.metrics().processed("ok", event.cohort());
        services.metrics().endToEndLag(Duration.between(event.time(), services.clock().instant()));
        return Step.NEXT;
    }

    /** Dead-letters a record that is not a valid event, with an ERROR outcome if its id is known. */
    public Step reject(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected, Optional<ReplayId> replayId) {
        services.writer().writeDeadLetter(services.deadLetters().create(record, rejected.eventId(),
                rejected.reason(), rejected.detail(), null), record.key());
        rejected.eventId().ifPresent(id -> services.writer().writeOutcome(services.outcomes().error(id,
                rejected.eventType().orElse("unknown"), rejected.cohort(), record, replayId,
                rejected.reason() + ": " + rejected.detail(), 0)));
        return failed(record, rejected.reason(), rejected.detail(), rejected.cohort(), null);
    }

    private Step deadLetter(ConsumerRecord<byte[], byte[]> record, Event event, ProcessingMode mode,
                            Throwable failure, long micros) {
        lastFailed = true;
        String detail = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        services.writer().writeDeadLetter(services.deadLetters().create(record, Optional.of(event.eventId()),
                DlqReason.PROCESSOR_ERROR, detail, failure), record.key());
        services.writer().writeOutcome(services.outcomes().error(event.eventId(), event.type(), event.cohort(),
                record, mode.replayId(), detail, micros));
        return failed(record, DlqReason.PROCESSOR_ERROR, detail, event.cohort(), failure);
    }

    private Step failed(ConsumerRecord<byte[], byte[]> record, DlqReason reason, String detail,
                        dev.rewind.engine.processor.Cohort cohort, Throwable cause) {
        services.transaction().handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        services.metrics().errored(reason.name());
        services.metrics().processed("error", cohort);
        if (services.errorPolicy() == ErrorPolicy.STOP_PARTITION) {
            LOGGER.atError().setCause(cause).addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset()).addKeyValue("reason", reason)
                    .log("Partition stopped by error.policy=stop-partition after a dead letter: " + detail);
            return Step.STOP;
        }
        LOGGER.atWarn().setCause(cause).addKeyValue("topic", record.topic())
                .addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                .addKeyValue("reason", reason).log("Event dead-lettered: " + detail);
        return Step.NEXT;
    }

    private static TopicPartition partitionOf(Event event) {
        return new TopicPartition(event.topic(), event.partition());
    }
}
