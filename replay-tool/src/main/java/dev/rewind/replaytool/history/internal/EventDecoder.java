package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventRef;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns a source-topic event into the update that records it, keyed by event id. */
final class EventDecoder extends DecodingProcessor<HistoryUpdate> {

    /**
     * Largest event value the index keeps, in bytes. The index re-encodes what it keeps as JSON
     * (base64, about 4/3 of the input) into repartition and changelog records: a valid event near
     * the producer's {@code max.request.size} (1 MiB by default) would become a record no retry can
     * write, stalling the index. Larger values are kept as {@link PayloadDecoder#OMITTED} instead; the
     * event's reference still locates the original.
     */
    static final int MAX_KEPT_PAYLOAD_BYTES = 256 * 1024;

    EventDecoder(Supplier<Deserializer<Object>> deserializers) {
        super(deserializers);
    }

    @Override
    void decoded(GenericRecord value, Record<Bytes, byte[]> record, RecordMetadata meta) {
        String eventId = AvroFields.string(value, "eventId");
        if (eventId == null || eventId.isBlank()) {
            return;
        }
        EventRef ref = new EventRef(meta.topic(), meta.partition(), meta.offset(), eventId,
                value.getSchema().getFullName(), Instant.ofEpochMilli(record.timestamp()));
        byte[] payload = record.value().length > MAX_KEPT_PAYLOAD_BYTES ? PayloadDecoder.OMITTED : record.value();
        forward(record, eventId, HistoryUpdate.event(ref, AvroFields.cohort(value), payload));
    }
}
