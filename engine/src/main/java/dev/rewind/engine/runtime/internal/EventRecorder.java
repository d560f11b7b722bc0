package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.metrics.EngineMetrics;
import dev.rewind.engine.metrics.ProcessedTally;
import dev.rewind.engine.outcome.OutcomeFactory;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.Emitted;
import dev.rewind.engine.runtime.spi.Step;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.avro.OutputRef;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Records what became of an event that was not dead-lettered: its outputs and outcome into the open
 * transaction, its offset as handled, and the metrics (outcome counts gathered per poll, see
 * {@link ProcessedTally}). Consumer thread only.
 */
public final class EventRecorder {

    private final RecordWriter writer;
    private final OutcomeFactory outcomes;
    private final BatchTransaction transaction;
    private final EngineMetrics metrics;
    private final ProcessedTally processed;
    private final Clock clock;
    private TopicPartition lastPartition;

    /**
     * @param processed where outcomes are counted; {@link #flushMetrics()} adds them to the counters
     */
    public EventRecorder(RecordWriter writer, OutcomeFactory outcomes, BatchTransaction transaction,
                         EngineMetrics metrics, ProcessedTally processed, Clock clock) {
        this.writer = writer;
        this.outcomes = outcomes;
        this.transaction = transaction;
        this.metrics = metrics;
        this.processed = processed;
        this.clock = clock;
    }

    /** Adds the outcomes counted since the last call to the metrics; once per poll. */
    public void flushMetrics() {
        processed.flush();
    }

    /** A record passed over without an outcome (not owned, skipped by a replay): only a metric tagged {@code reason}. */
    public Step.Skipped skipped(ConsumerRecord<byte[], byte[]> record, String reason) {
        transaction.handled(partitionOf(record), record.offset());
        metrics.skipped(reason);
        return reason.equals(Step.NOT_OWNED.reason()) ? Step.NOT_OWNED : new Step.Skipped(reason);
    }

    /**
     * The record's partition: the last one again while records come from it (the loop hands a
     * partition's records in a row), so the skip path allocates nothing per record.
     */
    private TopicPartition partitionOf(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition last = lastPartition;
        if (last == null || last.partition() != record.partition() || !last.topic().equals(record.topic())) {
            last = new TopicPartition(record.topic(), record.partition());
            lastPartition = last;
        }
        return last;
    }

    /** A duplicate: a SKIPPED_DUP outcome. */
    public Step.Skipped duplicate(Event event, ProcessingMode mode) {
        writer.writeOutcome(outcomes.duplicate(event, mode.replayId()));
        transaction.handled(partitionOf(event), event.offset());
        processed.add(OutcomeStatus.SKIPPED_DUP, event.cohort());
        return new Step.Skipped("skipped-dup");
    }

    /** How long the processor took. */
    public void processingTime(long micros) {
        metrics.processingTime(micros);
    }

    /**
     * Sends the processor's outputs.
     *
     * @throws RecordWriter.OutputException if one cannot be serialized (the event fails)
     */
    public List<OutputRef> writeOutputs(Event event, ProcessingMode mode, List<Emitted> outputs) {
        return writer.writeOutputs(event, mode, outputs);
    }

    /** The event was processed: its OK outcome, offset and metrics. */
    public Step.Processed processed(Event event, ProcessingMode mode, List<OutputRef> outputs, long micros) {
        writer.writeOutcome(outcomes.ok(event, mode.replayId(), outputs, micros));
        transaction.handled(partitionOf(event), event.offset());
        processed.add(OutcomeStatus.OK, event.cohort());
        metrics.endToEndLagMillis(clock.millis() - event.time().toEpochMilli());
        return Step.PROCESSED;
    }

    private TopicPartition partitionOf(Event event) {
        TopicPartition last = lastPartition;
        if (last == null || last.partition() != event.partition() || !last.topic().equals(event.topic())) {
            last = new TopicPartition(event.topic(), event.partition());
            lastPartition = last;
        }
        return last;
    }
}
