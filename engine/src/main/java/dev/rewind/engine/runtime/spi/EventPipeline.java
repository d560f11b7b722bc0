package dev.rewind.engine.runtime.spi;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.processor.ReplayId;
import dev.rewind.engine.runtime.internal.DeadLetters;
import dev.rewind.engine.runtime.internal.Deduplication;
import dev.rewind.engine.runtime.internal.EventRecorder;
import dev.rewind.engine.runtime.internal.RecordWriter;
import dev.rewind.schemas.avro.OutputRef;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The steps every partition handler composes: decode, decide the owner, dedupe, process, write
 * outputs and outcome, dead-letter. Each step is one collaborator; this class only sequences them.
 * Shared by all handlers of a runtime; consumer thread only.
 */
public final class EventPipeline {

    private final EventDecoder decoder;
    private final OwnershipCheck ownership;
    private final Deduplication deduplication;
    private final ProcessorInvoker invoker;
    private final EventRecorder recorder;
    private final DeadLetters deadLetters;

    public EventPipeline(EventDecoder decoder, OwnershipCheck ownership, Deduplication deduplication,
                         ProcessorInvoker invoker, EventRecorder recorder, DeadLetters deadLetters) {
        this.decoder = decoder;
        this.ownership = ownership;
        this.deduplication = deduplication;
        this.invoker = invoker;
        this.recorder = recorder;
        this.deadLetters = deadLetters;
    }

    /**
     * Decodes a record, or rejects it as {@link dev.rewind.engine.dlq.DlqReason#UNWRITABLE} when
     * writing for it failed permanently before (see {@link UnwritableRecords}).
     */
    public DecodeResult decode(ConsumerRecord<byte[], byte[]> record) {
        return deadLetters.unwritableOr(record, decoder.decode(record));
    }

    /** The record's event id and cohort read without decoding its payload; see {@link EventDecoder#peek}. */
    public EventDecoder.Peeked peek(ConsumerRecord<byte[], byte[]> record) {
        return decoder.peek(record);
    }

    /**
     * The record's cohort as far as {@code keys} tell events apart, read without decoding its payload;
     * see {@link EventDecoder#peekCohort}.
     */
    public Cohort peekCohort(ConsumerRecord<byte[], byte[]> record, CohortKeys keys) {
        return decoder.peekCohort(record, keys);
    }

    public OwnershipCheck ownership() {
        return ownership;
    }

    /** Skips an event another version owns: no outcome, only a metric. */
    public Step skipNotOwned(ConsumerRecord<byte[], byte[]> record) {
        return recorder.skipped(record, "not-owned");
    }

    /** Skips a record a replay passes over: no outcome, only a metric. */
    public Step skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        return recorder.skipped(record, reason);
    }

    /** Whether a live event is a second copy of one processed within the dedupe window. */
    public boolean isDuplicate(Event event) {
        return deduplication.isDuplicate(event);
    }

    /** Writes a SKIPPED_DUP outcome for a duplicate. */
    public Step skipDuplicate(Event event, ProcessingMode mode) {
        return recorder.duplicate(event, mode);
    }

    /**
     * Processes an owned event: calls the processor and writes its outputs and OK outcome, or
     * dead-letters it. Live events are recorded for dedupe; replayed ones are not.
     *
     * @return {@link Step#PROCESSED}, or {@link Step.Failed} / {@link Step.Stopped} (per the error policy) if dead-lettered
     */
    public Step process(ConsumerRecord<byte[], byte[]> record, Event event, ProcessingMode mode) {
        ProcessorInvoker.Invocation invocation = invoker.invoke(event, mode);
        recorder.processingTime(invocation.micros());
        if (invocation.failed()) {
            return deadLetters.processorFailed(record, event, mode, invocation.failure(), invocation.micros());
        }
        List<OutputRef> outputs;
        try {
            outputs = recorder.writeOutputs(event, mode, invocation.outputs());
        } catch (RecordWriter.OutputException e) {
            invoker.discard();
            return deadLetters.processorFailed(record, event, mode, e, invocation.micros());
        }
        invoker.keep();
        if (!mode.isReplay()) {
            deduplication.record(event);
        }
        return recorder.processed(event, mode, outputs, invocation.micros());
    }

    /**
     * Dead-letters an event no route applies to at its time (every route of the component was
     * removed, or its channel has no version), on behalf of no version.
     */
    public Step unroutable(ConsumerRecord<byte[], byte[]> record, Event event) {
        return deadLetters.unroutable(record, event);
    }

    /**
     * Dead-letters a record that is not a valid event, on behalf of no version; or, for
     * {@link dev.rewind.engine.dlq.DlqReason#UNWRITABLE}, an event of this version whose writes failed
     * permanently.
     */
    public Step reject(ConsumerRecord<byte[], byte[]> record, DecodeResult.Rejected rejected, Optional<ReplayId> replayId) {
        return deadLetters.rejected(record, rejected, replayId);
    }
}
