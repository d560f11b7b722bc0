package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.OutputLocation;
import dev.rewind.replaytool.history.Processing;
import dev.rewind.replaytool.history.ProcessingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns an {@code Outcome} record into the update that adds one processing, keyed by event id. */
final class OutcomeDecoder extends DecodingProcessor<HistoryUpdate> {

    OutcomeDecoder(Supplier<Deserializer<Object>> deserializers) {
        super(deserializers);
    }

    @Override
    void decoded(GenericRecord value, Record<Bytes, byte[]> record, RecordMetadata meta) {
        String eventId = AvroFields.string(value, "eventId");
        if (eventId == null) {
            return;
        }
        Processing processing = new Processing(
                AvroFields.string(value, "component"),
                AvroFields.string(value, "version"),
                AvroFields.string(value, "replayId"),
                ProcessingStatus.parse(AvroFields.string(value, "status")),
                Duration.ofNanos(AvroFields.longValue(value, "durationMicros", 0) * 1000),
                outputs(value),
                AvroFields.string(value, "error"),
                instantOr(AvroFields.instant(value, "processedAt"), record.timestamp()),
                AvroFields.string(value, "instanceId"));
        String sourceTopic = AvroFields.string(value, "sourceTopic");
        EventRef ref = sourceTopic == null ? null : new EventRef(sourceTopic,
                AvroFields.intValue(value, "sourcePartition"),
                AvroFields.longValue(value, "sourceOffset", 0),
                eventId, AvroFields.string(value, "eventType"),
                instantOr(AvroFields.instant(value, "eventTime"), record.timestamp()));
        forward(record, eventId, HistoryUpdate.processing(processing, ref, AvroFields.cohort(value)));
    }

    private static List<OutputLocation> outputs(GenericRecord value) {
        Object raw = value.hasField("outputs") ? value.get("outputs") : null;
        List<OutputLocation> outputs = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof GenericRecord out) {
                    outputs.add(new OutputLocation(AvroFields.string(out, "topic"), AvroFields.intValue(out, "partition"),
                            AvroFields.longOrNull(out, "offset"), AvroFields.string(out, "key")));
                }
            }
        }
        return outputs;
    }

    static Instant instantOr(Instant instant, long fallbackMillis) {
        return instant != null ? instant : Instant.ofEpochMilli(fallbackMillis);
    }
}
