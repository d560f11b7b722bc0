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
        forward(record, eventId, HistoryUpdate.event(ref, AvroFields.cohort(value), record.value()));
    }
}
