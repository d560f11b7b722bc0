package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.Emitted;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.outcome.internal.OutcomeEncoder;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.runtime.RewindHeaders;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutputRef;
import dev.rewind.schemas.serde.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes outputs, outcomes and dead letters and sends them in the batch transaction.
 *
 * <p>Outputs of one event are all serialized before any is sent, so an output that cannot be
 * serialized fails the event without leaving some of its outputs in the transaction.
 */
public final class RecordWriter {

    private static final Logger LOGGER = LoggerFactory.getLogger(RecordWriter.class);

    private final ComponentVersion componentVersion;
    private final Serializer<Object> avroSerializer;
    private final BatchTransaction transaction;
    private final String dlqTopic;
    private final int maxRequestSize;
    private final byte[] versionBytes;
    private final OutcomeEncoder outcomeEncoder = new OutcomeEncoder();
    /** The wire-format header of outcomes once the encoder is checked against the serializer, else null. */
    private byte[] outcomePrefix;
    private boolean outcomeEncoderRejected;

    RecordWriter(ComponentVersion componentVersion, Serializer<Object> avroSerializer,
                 BatchTransaction transaction) {
        this(componentVersion, avroSerializer, transaction, DEFAULT_MAX_REQUEST_SIZE);
    }

    /**
     * @param maxRequestSize the producer's {@code max.request.size}: a dead letter whose copy of the
     *     original would not fit is written without it
     */
    RecordWriter(ComponentVersion componentVersion, Serializer<Object> avroSerializer,
                 BatchTransaction transaction, int maxRequestSize) {
        this.componentVersion = componentVersion;
        this.avroSerializer = avroSerializer;
        this.transaction = transaction;
        this.dlqTopic = DlqTopics.of(componentVersion.component());
        this.maxRequestSize = maxRequestSize;
        this.versionBytes = utf8(componentVersion.version());
    }

    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    /**
     * Writes an event's outputs with rewind's headers and the event's trace context.
     *
     * @return references for the event's outcome
     * @throws OutputException if an output cannot be serialized; nothing was sent then
     */
    public List<OutputRef> writeOutputs(Event event, ProcessingMode mode, List<Emitted> outputs) {
        if (outputs.isEmpty()) {
            return List.of();
        }
        // per event, not per output: rewind's header values and the trace context
        byte[] eventId = utf8(event.eventId().value());
        byte[] replayId = mode instanceof ProcessingMode.Replay replay ? utf8(replay.id().value()) : null;
        Header trace = event.headers().lastHeader(RewindHeaders.TRACEPARENT);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outputs.size());
        List<OutputRef> refs = new ArrayList<>(outputs.size());
        for (Emitted output : outputs) {
            RecordHeaders headers = outputHeaders(eventId, replayId, trace);
            byte[] value;
            try {
                value = serialize(output, headers);
            } catch (RuntimeException e) {
                throw new OutputException("Output to " + output.topic() + " could not be serialized: "
                        + e.getMessage(), e);
            }
            records.add(new ProducerRecord<>(output.topic(), null, null, utf8(output.key()), value, headers));
            refs.add(new OutputRef(output.topic(), null, null, output.key()));
        }
        for (ProducerRecord<byte[], byte[]> record : records) {
            transaction.send(record);
        }
        return refs;
    }

    /**
     * Writes an outcome keyed by its event id. Encoded by {@link OutcomeEncoder} behind the header the
     * serializer wrote for the first outcome, once that outcome's encoding matched the serializer's byte
     * for byte; through the serializer while it has not (and for good if it did not).
     */
    public void writeOutcome(Outcome outcome) {
        byte[] prefix = outcomePrefix;
        byte[] value = prefix != null ? outcomeEncoder.encode(prefix, outcome) : serializeOutcome(outcome);
        transaction.send(new ProducerRecord<>(OutcomeTopics.OUTCOMES, utf8(outcome.getEventId()), value));
    }

    private byte[] serializeOutcome(Outcome outcome) {
        byte[] value = avroSerializer.serialize(OutcomeTopics.OUTCOMES, outcome);
        if (!outcomeEncoderRejected && value != null && WireFormat.hasHeader(value)) {
            byte[] prefix = Arrays.copyOf(value, WireFormat.HEADER_SIZE);
            if (Arrays.equals(outcomeEncoder.encode(prefix, outcome), value)) {
                outcomePrefix = prefix;
            } else {
                outcomeEncoderRejected = true;
                LOGGER.atWarn().addKeyValue("topic", OutcomeTopics.OUTCOMES).log("The serializer writes outcomes"
                        + " unlike the outcome encoder (another schema than Outcome.avsc?); outcomes go through it");
            }
        }
        return value;
    }

    /**
     * Writes a dead letter keyed by the source key. One whose copy of the original (key, value,
     * headers) would make it larger than {@code max.request.size} is written without the copy and
     * without the key, saying so in its reason: its source coordinates locate the original.
     */
    public void writeDeadLetter(DlqEntry entry, byte[] sourceKey) {
        byte[] value = avroSerializer.serialize(dlqTopic, entry);
        int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE, sourceKey, value, new Header[0]);
        if (size > maxRequestSize) {
            DlqEntry truncated = DlqEntry.newBuilder(entry).setKey(null).setValue(null).setHeaders(List.of())
                    .setReason(entry.getReason() + " (the original's key, value and headers are left out: with them"
                            + " the dead letter would be " + size + " bytes, over max.request.size " + maxRequestSize
                            + "; read the original at " + entry.getSourceTopic() + "-" + entry.getSourcePartition()
                            + "@" + entry.getSourceOffset() + ")")
                    .build();
            transaction.send(new ProducerRecord<>(dlqTopic, null, avroSerializer.serialize(dlqTopic, truncated)));
            return;
        }
        transaction.send(new ProducerRecord<>(dlqTopic, sourceKey, value));
    }

    private byte[] serialize(Emitted output, RecordHeaders headers) {
        if (output.value() == null) {
            return null;
        }
        if (output.value() instanceof byte[] bytes) {
            return bytes;
        }
        return avroSerializer.serialize(output.topic(), headers, output.value());
    }

    private RecordHeaders outputHeaders(byte[] eventId, byte[] replayId, Header trace) {
        // the value arrays are shared: header values are never written to once sent
        RecordHeaders headers = new RecordHeaders();
        headers.add(RewindHeaders.EVENT_ID, eventId);
        headers.add(RewindHeaders.VERSION, versionBytes);
        if (replayId != null) {
            headers.add(RewindHeaders.REPLAY_ID, replayId);
        }
        if (trace != null) {
            headers.add(RewindHeaders.TRACEPARENT, trace.value());
        }
        return headers;
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** An output could not be serialized: the event fails like a processor exception. */
    public static final class OutputException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        OutputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
