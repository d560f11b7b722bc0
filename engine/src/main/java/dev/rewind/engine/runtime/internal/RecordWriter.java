package dev.rewind.engine.runtime.internal;

import dev.rewind.engine.runtime.spi.BatchTransaction;
import dev.rewind.engine.runtime.spi.Emitted;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.ProcessingMode;
import dev.rewind.engine.runtime.RewindHeaders;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutputRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes outputs, outcomes and dead letters and sends them in the batch transaction.
 *
 * <p>Outputs of one event are all serialized before any is sent, so an output that cannot be
 * serialized fails the event without leaving some of its outputs in the transaction.
 */
public final class RecordWriter {

    private final ComponentVersion componentVersion;
    private final Serializer<Object> avroSerializer;
    private final BatchTransaction transaction;
    private final String dlqTopic;

    RecordWriter(ComponentVersion componentVersion, Serializer<Object> avroSerializer,
                 BatchTransaction transaction) {
        this.componentVersion = componentVersion;
        this.avroSerializer = avroSerializer;
        this.transaction = transaction;
        this.dlqTopic = DlqTopics.of(componentVersion.component());
    }

    /**
     * Writes an event's outputs with rewind's headers and the event's trace context.
     *
     * @return references for the event's outcome
     * @throws OutputException if an output cannot be serialized; nothing was sent then
     */
    public List<OutputRef> writeOutputs(Event event, ProcessingMode mode, List<Emitted> outputs) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outputs.size());
        for (Emitted output : outputs) {
            RecordHeaders headers = outputHeaders(event, mode);
            byte[] value;
            try {
                value = serialize(output, headers);
            } catch (RuntimeException e) {
                throw new OutputException("Output to " + output.topic() + " could not be serialized: "
                        + e.getMessage(), e);
            }
            records.add(new ProducerRecord<>(output.topic(), null, null, utf8(output.key()), value, headers));
        }
        List<OutputRef> refs = new ArrayList<>(outputs.size());
        for (int i = 0; i < records.size(); i++) {
            transaction.send(records.get(i));
            refs.add(OutputRef.newBuilder().setTopic(records.get(i).topic())
                    .setKey(outputs.get(i).key()).build());
        }
        return refs;
    }

    public void writeOutcome(Outcome outcome) {
        byte[] value = avroSerializer.serialize(OutcomeTopics.OUTCOMES, outcome);
        transaction.send(new ProducerRecord<>(OutcomeTopics.OUTCOMES, utf8(outcome.getEventId()), value));
    }

    public void writeDeadLetter(DlqEntry entry, byte[] sourceKey) {
        byte[] value = avroSerializer.serialize(dlqTopic, entry);
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

    private RecordHeaders outputHeaders(Event event, ProcessingMode mode) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RewindHeaders.EVENT_ID, utf8(event.eventId().value()));
        headers.add(RewindHeaders.VERSION, utf8(componentVersion.version()));
        mode.replayId().ifPresent(id -> headers.add(RewindHeaders.REPLAY_ID, utf8(id.value())));
        Header trace = event.headers().lastHeader(RewindHeaders.TRACEPARENT);
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
