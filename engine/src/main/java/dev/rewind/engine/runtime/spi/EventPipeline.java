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

    /**
     * Decodes a record, or rejects it as {@link DlqReason#UNWRITABLE} when writing for it failed
     * permanently before (see {@link UnwritableRecords}).
     */
    public DecodeResult decode(ConsumerRecord<byte[], byte[]> record) {
        DecodeResult decoded = services.decoder().decode(record);
        UnwritableRecords unwritable = services.transaction().unwritable();
        if (unwritable.verdict(record) == UnwritableRecords.Verdict.HANDLE) {
            return decoded;
        }
        String detail = "writing for this record failed the same way twice: "
                + unwritable.cause(record).map(Throwable::toString).orElse("unknown")
                + "; the dead letter carries no key, value or headers, the original is at " + record.topic() + "-"
                + record.partition() + "@" + record.offset();
        if (decoded instanceof DecodeResult.Decoded valid) {
            Event event = valid.event();
            return new DecodeResult.Rejected(DlqReason.UNWRITABLE, detail, Optional.of(event.eventId()),
                    Optional.of(event.type()), event.cohort());
        }
        DecodeResult.Rejected rejected = (DecodeResult.Rejected) decoded;
        return new DecodeResult.Rejected(DlqReason.UNWRITABLE, detail, rejected.eventId(), rejected.eventType(),
                rejected.cohort());
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

    /**
     * Dead-letters a record that is not a valid event, on behalf of no version; or, for
     * {@link DlqReason#UNWRITABLE}, an event of this version whose writes failed permanently.
     */
    public Step reject(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected, Optional<ReplayId> replayId) {
        if (rejected.reason() == DlqReason.UNWRITABLE) {
            return unwritable(record, rejected, replayId);
        }
        // no version owns a record that is not an event: its one dead letter names none, and no
        // version gets an outcome (or an error in its metrics) for it
        services.writer().writeDeadLetter(services.deadLetters().onBehalfOfNone(services.deadLetters().create(record,
                rejected.eventId(), rejected.reason(), rejected.detail(), null)), record.key());
        return unrouted(record, rejected.reason(), rejected.detail());
    }

    /**
     * Dead-letters an event no route applies to at its time (every route of the component was
     * removed, or its channel has no version), on behalf of no version.
     */
    public Step unroutable(ConsumerRecord<byte[], byte[]> record, Event event) {
        String detail = "no route of the component applies to cohort " + event.cohort() + " at "
                + event.time()
                + "; route it (or set a default route) and re-drive the event from its coordinates";
        services.writer().writeDeadLetter(services.deadLetters().onBehalfOfNone(services.deadLetters().create(record,
                Optional.of(event.eventId()), DlqReason.UNROUTABLE, detail, null)), record.key());
        return unrouted(record, DlqReason.UNROUTABLE, detail);
    }

    private Step unrouted(ConsumerRecord<byte[], byte[]> record, DlqReason reason, String detail) {
        services.transaction().handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        services.metrics().unroutable(reason.name());
        LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset()).addKeyValue("reason", reason)
                .log("Record dead-lettered on behalf of no version: " + detail);
        return Step.NEXT;
    }

    /**
     * A record whose writes failed permanently twice: a dead letter without its payload, or, when
     * even that failed, an ERROR log and a metric, so that the partition goes on.
     */
    private Step unwritable(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected,
                            Optional<ReplayId> replayId) {
        Throwable cause = services.transaction().unwritable().cause(record).orElse(null);
        if (services.transaction().unwritable().verdict(record) == UnwritableRecords.Verdict.GIVE_UP) {
            services.transaction().handled(new TopicPartition(record.topic(), record.partition()), record.offset());
            services.metrics().errored("UNWRITABLE_DEAD_LETTER");
            LOGGER.atError().setCause(cause).addKeyValue("topic", record.topic())
                    .addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("Neither the event's writes nor its dead letter could be written; the record is passed"
                            + " over without an outcome. Check that the dead-letter topic exists and accepts writes");
            return Step.NEXT;
        }
        services.writer().writeDeadLetter(services.deadLetters().withoutPayload(services.deadLetters().create(record,
                rejected.eventId(), rejected.reason(), rejected.detail(), cause)), null);
        rejected.eventId().ifPresent(id -> services.writer().writeOutcome(services.outcomes().error(id,
                rejected.eventType().orElse("unknown"), rejected.cohort(), record, replayId,
                rejected.reason() + ": " + rejected.detail(), 0)));
        return failed(record, rejected.reason(), rejected.detail(), rejected.cohort(), cause);
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
