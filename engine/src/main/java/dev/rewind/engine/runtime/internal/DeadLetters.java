package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.config.ErrorPolicy;
import dev.rewind.engine.dlq.DlqEntryFactory;
import dev.rewind.engine.dlq.DlqReason;
import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.metrics.ProcessedTally;
import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.DecodeResult;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.engine.runtime.spi.UnwritableRecords;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters a record with its source coordinates and the reason, writes the ERROR outcome of an
 * event this version owned, and applies {@code error.policy}: the answer is {@link Step.Failed} (go
 * on) or {@link Step.Stopped} (stop the partition). Consumer thread only.
 */
public final class DeadLetters {

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final RecordWriter writer;
    private final DlqEntryFactory entries;
    private final OutcomeFactory outcomes;
    private final BatchTransaction transaction;
    private final EngineMetrics metrics;
    private final ProcessedTally processed;
    private final ErrorPolicy errorPolicy;

    /** @param processed where ERROR outcomes are counted, with the other outcomes of the thread */
    public DeadLetters(RecordWriter writer, DlqEntryFactory entries, OutcomeFactory outcomes,
                       BatchTransaction transaction, EngineMetrics metrics, ProcessedTally processed,
                       ErrorPolicy errorPolicy) {
        this.writer = writer;
        this.entries = entries;
        this.outcomes = outcomes;
        this.transaction = transaction;
        this.metrics = metrics;
        this.processed = processed;
        this.errorPolicy = errorPolicy;
    }

    /**
     * A record that is not a valid event: no version owns it, so its one dead letter names none and
     * no version gets an outcome (or an error in its metrics) for it. An {@link DlqReason#UNWRITABLE}
     * rejection is this version's event whose writes failed permanently: see {@link #unwritableOr}.
     */
    public Step rejected(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected,
                         Optional<ReplayId> replayId) {
        if (rejected.reason() == DlqReason.UNWRITABLE) {
            return unwritable(record, rejected, replayId);
        }
        writer.writeDeadLetter(entries.onBehalfOfNone(entries.create(record, rejected.eventId(), rejected.reason(),
                rejected.detail(), null)), record.key());
        return unrouted(record, rejected.reason(), rejected.detail());
    }

    /**
     * An event no route applies to at its time (every route of the component was removed, or its
     * channel has no version): dead-lettered on behalf of no version.
     */
    public Step unroutable(ConsumerRecord<byte[], byte[]> record, Event event) {
        String detail = "no route of the component applies to cohort " + event.cohort() + " at " + event.time()
                + "; route it (or set a default route) and re-drive the event from its coordinates";
        writer.writeDeadLetter(entries.onBehalfOfNone(entries.create(record, Optional.of(event.eventId()),
                DlqReason.UNROUTABLE, detail, null)), record.key());
        return unrouted(record, DlqReason.UNROUTABLE, detail);
    }

    /**
     * {@code decoded}, or an {@link DlqReason#UNWRITABLE} rejection when writing for the record failed
     * permanently twice (see {@link UnwritableRecords}).
     */
    public DecodeResult unwritableOr(ConsumerRecord<byte[], byte[]> record, DecodeResult decoded) {
        UnwritableRecords unwritable = transaction.unwritable();
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

    private Step unrouted(ConsumerRecord<byte[], byte[]> record, DlqReason reason, String detail) {
        transaction.handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        metrics.unroutable(reason.name());
        LOGGER.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset()).addKeyValue("reason", reason)
                .log("Record dead-lettered on behalf of no version: " + detail);
        return new Step.Failed(reason);
    }

    /**
     * A record whose writes failed permanently twice: a dead letter without its payload, or, when
     * even that failed, an ERROR log and a metric, so that the partition goes on.
     */
    private Step unwritable(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected,
                            Optional<ReplayId> replayId) {
        Throwable cause = transaction.unwritable().cause(record).orElse(null);
        if (transaction.unwritable().verdict(record) == UnwritableRecords.Verdict.GIVE_UP) {
            transaction.handled(new TopicPartition(record.topic(), record.partition()), record.offset());
            metrics.errored("UNWRITABLE_DEAD_LETTER");
            LOGGER.atError().setCause(cause).addKeyValue("topic", record.topic())
                    .addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("Neither the event's writes nor its dead letter could be written; the record is passed"
                            + " over without an outcome. Check that the dead-letter topic exists and accepts writes");
            return new Step.Failed(DlqReason.UNWRITABLE);
        }
        writer.writeDeadLetter(entries.withoutPayload(entries.create(record, rejected.eventId(), rejected.reason(),
                rejected.detail(), cause)), null);
        rejected.eventId().ifPresent(id -> writer.writeOutcome(outcomes.error(id,
                rejected.eventType().orElse("unknown"), rejected.cohort(), record, replayId,
                rejected.reason() + ": " + rejected.detail(), 0)));
        return failed(record, rejected.reason(), rejected.detail(), rejected.cohort(), cause);
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
        processed.add(OutcomeStatus.ERROR, cohort);
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
