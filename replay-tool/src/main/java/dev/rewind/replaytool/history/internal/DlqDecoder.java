package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.DlqRecord;
import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventRef;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a {@code DlqEntry} into the update that adds it to its event's history, keyed by event id. Entries
 * without an event id (the event could not even be decoded) cannot be filed under an event: they go on with a
 * null key, which only the unroutable count ({@link HistoryTopology}) takes.
 */
final class DlqDecoder extends DecodingProcessor<HistoryUpdate> {

    DlqDecoder(Supplier<Deserializer<Object>> deserializers) {
        super(deserializers);
    }

    @Override
    void decoded(GenericRecord value, Record<Bytes, byte[]> record, RecordMetadata meta) {
        String eventId = AvroFields.string(value, "eventId");
        DlqRecord dlq = new DlqRecord(meta.topic(), meta.partition(), meta.offset(),
                AvroFields.string(value, "component"), AvroFields.string(value, "version"),
                AvroFields.string(value, "reason"), AvroFields.string(value, "errorClass"),
                OutcomeDecoder.instantOr(AvroFields.instant(value, "failedAt"), record.timestamp()));
        String sourceTopic = AvroFields.string(value, "sourceTopic");
        EventRef ref = sourceTopic == null || eventId == null ? null : new EventRef(sourceTopic,
                AvroFields.intValue(value, "sourcePartition"), AvroFields.longValue(value, "sourceOffset", 0),
                eventId, null, OutcomeDecoder.instantOr(AvroFields.instant(value, "timestamp"), record.timestamp()));
        forward(record, eventId, HistoryUpdate.deadLetter(dlq, ref, EventCohort.NONE));
    }
}
